package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas as the chart runs them (leader election always on), on the real API server: the standby
 * passes the probes the Deployment points at (a standby that failed its liveness probe would be
 * restarted over and over and not be there to take over), reconciles nothing, and takes over when the
 * leader stops.
 */
class LeaderElectionTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private OperatorTestbed bed;

  @BeforeEach
  void start() {
    bed = new OperatorTestbed();
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  /** One replica: its operator and the HTTP server its probes ask. */
  private record Replica(TtsOperator operator, HealthServer health) implements AutoCloseable {
    @Override
    public void close() {
      operator.close();
      health.close();
    }
  }

  private Replica replica(String identity, AtomicBoolean lost) {
    OperatorConfig config = OperatorConfig.parse(bed.configYaml(1, "") + """
        leaderElection: {enabled: true, leaseName: tts-operator, leaseNamespace: %s}
        """.formatted(bed.namespace));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TtsOperator operator = new TtsOperator(config, bed.client, registry, Clock.systemUTC(), identity,
        () -> lost.set(true));
    HealthServer health = new HealthServer(0, operator.operator().getRuntimeInfo(), registry);
    health.start();
    operator.start();
    return new Replica(operator, health);
  }

  private String holder() {
    Lease lease = bed.client.leases().inNamespace(bed.namespace).withName("tts-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private int probe(Replica replica, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.health().port() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void theStandbyPassesItsProbesReconcilesNothingAndTakesOverWhenTheLeaderStops() throws Exception {
    AtomicBoolean lost = new AtomicBoolean();
    Replica leader = replica("replica-a", lost);
    await().atMost(Duration.ofSeconds(30)).until(() -> "replica-a".equals(holder()));
    try (Replica standby = replica("replica-b", lost)) {
      bed.create(TTSJobLifecycleTest.job("before", 1));
      bed.awaitWorkerJob("before");
      await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(probe(standby, "/healthz")).as("standby /healthz (liveness, startup)").isEqualTo(200);
        assertThat(probe(standby, "/readyz")).as("standby /readyz").isEqualTo(200);
        assertThat(probe(leader, "/healthz")).as("leader /healthz").isEqualTo(200);
        assertThat(holder()).isEqualTo("replica-a");
      });

      leader.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> "replica-b".equals(holder()));
      bed.create(TTSJobLifecycleTest.job("after", 1));
      bed.awaitWorkerJob("after");
      assertThat(probe(standby, "/healthz")).as("the new leader's /healthz").isEqualTo(200);
      assertThat(lost).as("no replica lost leadership while running").isFalse();
    }
  }
}
