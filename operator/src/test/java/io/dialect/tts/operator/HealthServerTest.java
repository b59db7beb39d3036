package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import io.dialect.tts.testing.DocumentedMetrics;
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
      TTSQuota quota = new TTSQuota();
      quota.getMetadata().setName("default");
      quota.getMetadata().setNamespace(bed.namespace);
      quota.setSpec(new TTSQuotaSpec());
      quota.getSpec().setDaily(new UsageLimit(1000L, null));
      bed.client.resource(quota).create();
      String jobs = "{namespace=\"" + bed.namespace + "\",phase=\"";
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(get(health, "/metrics").body()).contains("operator_sdk")
              .contains("tts_jobs" + jobs + "Pending\"} ", "tts_jobs_finished_total" + jobs + "Failed\"} 0.0")
              .contains("tts_quota_exhausted{namespace=\"" + bed.namespace + "\",quota=\"default\"} 0.0"));

      String scrape = get(health, "/metrics").body();
      assertThat(DocumentedMetrics.of("operator")).extracting(DocumentedMetrics.Metric::name)
          .contains("tts_jobs", "tts_redis_up");
      assertThat(DocumentedMetrics.disagreements("operator", scrape)).as("scrape against docs/operations.md").isEmpty();
      assertThat(scrape).contains("tts_redis_up{component=\"operator\"} 1.0")
          .contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ",
              "process_cpu_usage ", "system_cpu_count ", "process_uptime_seconds ", "process_files_open_files ");
    }
  }

  private HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
