package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probes a Deployment points at and the metrics Prometheus scrapes, on the operator's HTTP port. */
class HealthServerTest {
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

  @Test
  void readyOnlyOnceStartedThenHealthyWithJobAndReconcilerMetrics() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TtsOperator operator = new TtsOperator(bed.config(1), bed.client, registry, Clock.systemUTC());
         HealthServer health = new HealthServer(0, operator.operator().getRuntimeInfo(), registry)) {
      health.start();
      assertThat(get(health, "/readyz").statusCode()).as("not ready before the operator started").isEqualTo(503);

      operator.start();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(get(health, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(health, "/healthz").statusCode()).isEqualTo(200);
      });
      bed.create(TTSJobLifecycleTest.job("scraped", 1));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(get(health, "/metrics").body()).contains("tts_jobs{").contains("operator_sdk"));
    }
  }

  private HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
