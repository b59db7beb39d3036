package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The dashboard shows what operators need, and every metric and alert it or the rules use is documented. */
class DashboardAndDocsTest {
  private static final Path DASHBOARD = RenderedChart.CHART.resolve("files/grafana-dashboard.json");
  private static final Path RULES = RenderedChart.CHART.resolve("files/prometheus-rules.yaml");
  private static final Path OPERATIONS = Path.of("../docs/operations.md");
  private static final Pattern METRIC = Pattern.compile("\\b(tts_[a-z_]+|resilience4j_[a-z_]+|up)\\{");

  @Test
  void theDashboardHasAPanelForEachOperationalQuestion() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

    assertThat(StreamSupport.stream(dashboard.get("panels").spliterator(), false).map(p -> p.get("title").asText()))
        .contains("Requests by dialect and provider", "Latency P50 / P95", "Cache hit ratio by tier",
            "Billed characters per namespace", "Quota usage per namespace", "TTSJobs by phase", "Circuit breakers open");
    assertThat(dashboard.get("panels")).allSatisfy(panel ->
        assertThat(panel.get("targets")).as("queries of panel %s", panel.get("title")).isNotEmpty());
  }

  @Test
  void theDashboardConfigMapCarriesTheFileUnchanged() throws IOException {
    ConfigMap dashboard = RenderedChart.render("in-chart-redis-monitoring.yaml").one(ConfigMap.class, "tts-tts-operator-dashboard");

    assertThat(dashboard.getData().get("tts-operator.json")).isEqualTo(Files.readString(DASHBOARD).stripTrailing());
  }

  @Test
  void everyMetricTheDashboardAndAlertsQueryIsDocumented() throws IOException {
    Set<String> used = new TreeSet<>();
    used.addAll(metrics(Files.readString(DASHBOARD)));
    used.addAll(metrics(Files.readString(RULES)));
    String docs = Files.readString(OPERATIONS);

    assertThat(used).contains("tts_requests_total", "tts_quota_used_ratio", "resilience4j_circuitbreaker_state")
        .allSatisfy(metric -> assertThat(docs).as("docs/operations.md documents %s", metric)
            .contains("| `" + baseName(metric) + "`"));
  }

  @Test
  void everyAlertHasARunbookSectionItsAnnotationLinksTo() throws IOException {
    String docs = Files.readString(OPERATIONS);
    String rules = Files.readString(RULES);

    assertThat(AlertRulesTest.alertNames()).isNotEmpty().allSatisfy(alert -> {
      assertThat(docs).as("a section for %s in docs/operations.md", alert).contains("\n### " + alert + "\n");
      assertThat(rules).as("the runbook link of %s", alert).contains("operations.md#" + alert.toLowerCase());
    });
  }

  private static List<String> metrics(String text) {
    Matcher m = METRIC.matcher(text.replace("\\\"", "\""));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** A histogram's series are documented under the histogram's name. */
  private static String baseName(String metric) {
    return metric.replaceFirst("_(bucket|sum|count)$", "");
  }
}
