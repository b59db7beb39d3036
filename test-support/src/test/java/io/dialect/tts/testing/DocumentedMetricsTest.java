package io.dialect.tts.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table of docs/operations.md against scrapes made to agree or disagree with it in one way each. */
class DocumentedMetricsTest {
  /** One series per documented metric, with the documented labels. */
  private static String agreeingScrape(String component) {
    return DocumentedMetrics.of(component).stream().map(metric -> {
      String labels = metric.labels().stream().map(l -> l + "=\"x\"").collect(Collectors.joining(","));
      return "# HELP " + metric.name() + " help\n" + metric.name() + (labels.isEmpty() ? "" : "{" + labels + "}")
          + " 1.0\n";
    }).collect(Collectors.joining());
  }

  @Test
  void readsNamesAndLabelsButNotTheLabelsValuesInParentheses() {
    assertThat(DocumentedMetrics.of("operator")).contains(
        new DocumentedMetrics.Metric("tts_jobs_finished_total", Set.of("namespace", "phase")),
        new DocumentedMetrics.Metric("process_cpu_usage", Set.of()));
    assertThat(DocumentedMetrics.of("gateway")).contains(new DocumentedMetrics.Metric("tts_provider_requests_total",
        Set.of("provider", "key", "status")));
  }

  @Test
  void aScrapeWithTheDocumentedLabelsAgrees() {
    assertThat(DocumentedMetrics.disagreements("operator", agreeingScrape("operator"))).isEmpty();
    assertThat(DocumentedMetrics.disagreements("gateway", agreeingScrape("gateway")
        + "tts_request_duration_seconds_bucket{dialect=\"x\",provider=\"x\",le=\"0.1\"} 1.0\n"
        + "tts_request_duration_seconds_count{dialect=\"x\",provider=\"x\"} 1.0\n"))
        .as("a histogram's buckets (le) and count are its series").isEmpty();
  }

  @Test
  void aMissingOrExtraLabelAndAMissingMetricDisagree() {
    String scrape = agreeingScrape("operator")
        .replace("tts_jobs_workers_not_starting{namespace=\"x\"}", "tts_jobs_workers_not_starting")
        .replace("tts_redis_up{component=\"x\"}", "tts_redis_up{component=\"x\",pod=\"x\"}")
        .lines().filter(line -> !line.startsWith("tts_jobs{")).collect(Collectors.joining("\n", "", "\n"));

    List<String> found = DocumentedMetrics.disagreements("operator", scrape);

    assertThat(found).as("tts_jobs_finished_total is not a series of tts_jobs").contains(
        "tts_jobs is documented but has no series",
        "tts_jobs_workers_not_starting 1.0 has labels [], documented [namespace]",
        "tts_redis_up{component=\"x\",pod=\"x\"} 1.0 has labels [component, pod], documented [component]");
  }
}
