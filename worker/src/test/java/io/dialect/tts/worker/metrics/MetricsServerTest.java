package io.dialect.tts.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesItemMetricsInPrometheusFormatAndHealth() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerMetrics metrics = new WorkerMetrics(registry);
    AtomicBoolean healthy = new AtomicBoolean(true);
    metrics.itemFinished("dongbei", "dongbei_laotie", new ManifestEntry("a", ItemStatus.Succeeded, null, "s3://b/k",
        10, 1200, 4, 4, "xiangyinge", ManifestEntry.NO_CACHE, false));
    metrics.itemFinished("dongbei", "dongbei_laotie",
        ManifestEntry.withoutAudio("b", ItemStatus.Rejected, "ContentPolicy", 3, 4));

    try (MetricsServer server = MetricsServer.start(0, registry, healthy::get)) {
      HttpResponse<String> scrape = get(server, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("tts_requests_total{dialect=\"dongbei\",provider=\"xiangyinge\",status=\"Succeeded\",voice=\"dongbei_laotie\"} 1.0")
          .contains("tts_requests_total{dialect=\"dongbei\",provider=\"none\",status=\"Rejected\",voice=\"dongbei_laotie\"} 1.0")
          .as("a histogram, so Prometheus can compute P95 across pods")
          .contains("tts_request_duration_seconds_bucket{dialect=\"dongbei\",provider=\"xiangyinge\"")
          .contains("tts_characters_billed_total{dialect=\"dongbei\",provider=\"xiangyinge\"} 4.0");
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

      healthy.set(false);
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(503);
    }
  }

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
