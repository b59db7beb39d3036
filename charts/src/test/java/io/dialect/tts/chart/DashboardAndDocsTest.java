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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The dashboard shows what operators need, and every metric and alert it or the rules use is documented in
 * docs/operations.md's metrics table. The tests that scrape a real operator (HealthServerTest) and a real gateway
 * (GatewayApiTest) check that every metric the table gives them is in their scrape, so a panel or alert here
 * cannot query a metric the code does not export.
 */
class DashboardAndDocsTest {
  private static final Path DASHBOARD = RenderedChart.CHART.resolve("files/grafana-dashboard.json");
  private static final Path RULES = RenderedChart.CHART.resolve("files/prometheus-rules.yaml");
  private static final Path OPERATIONS = Path.of("../docs/operations.md");
  /** Our metric names wherever they stand; Prometheus' {@code up} only with a selector (the word is common). */
  private static final Pattern METRIC = Pattern.compile("\\b((?:tts|resilience4j|jvm|process)_[a-z_]+)\\b|\\b(up)\\{");
  /** A row of the metrics table: name, type, labels, which process exports it. */
  private static final Pattern DOCUMENTED = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|[^|]*\\|([^|]*)\\| ([^|]*) \\|");

  @Test
  void theDashboardHasAPanelForEachOperationalQuestion() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

    assertThat(StreamSupport.stream(dashboard.get("panels").spliterator(), false).map(p -> p.get("title").asText()))
        .contains("Requests by dialect and provider", "Latency P50 / P95", "Cache hit ratio by tier",
            "Billed characters per namespace", "Quota usage per namespace", "TTSJobs by phase", "Circuit breakers open",
            "Vendor answers by status", "Retries by provider", "Rate-limit wait per call", "Failed TTSJobs",
            "Redis reachable", "JVM heap used");
    assertThat(dashboard.get("panels")).allSatisfy(panel ->
        assertThat(panel.get("targets")).as("queries of panel %s", panel.get("title")).isNotEmpty());
  }

  @Test
  void theDashboardConfigMapCarriesTheFileUnchanged() throws IOException {
    ConfigMap dashboard = RenderedChart.render("in-chart-redis-monitoring.yaml").one(ConfigMap.class, "tts-tts-operator-dashboard");

    assertThat(dashboard.getData().get("tts-operator.json")).isEqualTo(Files.readString(DASHBOARD).stripTrailing());
  }

  @Test
  void everyMetricTheDashboardAndAlertsQueryIsDocumentedAsExportedByAScrapedComponent() throws IOException {
    Set<String> used = new TreeSet<>();
    used.addAll(metrics(Files.readString(DASHBOARD)));
    used.addAll(metrics(Files.readString(RULES)));
    Map<String, Documented> docs = documented();

    assertThat(used).contains("tts_requests_total", "tts_quota_used_ratio", "resilience4j_circuitbreaker_state",
            "tts_provider_requests_total", "tts_jobs_finished_total", "tts_redis_up", "tts_quota_exhausted")
        .allSatisfy(metric -> assertThat(docs).as("docs/operations.md documents %s", metric)
            .hasEntrySatisfying(baseName(metric), d -> assertThat(d.from())
                .as("exported by the operator or the gateway (whose scrape tests check it), or Prometheus' own")
                .matches("operator|gateway|operator, gateway|Prometheus")));
  }

  /**
   * A panel filtered on the $namespace variable (the teams' namespaces, from tts_requests_total) shows nothing
   * for a team unless its metrics carry the team's namespace label: without one, a series gets the scrape
   * target's namespace, the release's.
   */
  @Test
  void panelsFilteredByNamespaceQueryOnlyMetricsThatCarryTheTeamsNamespace() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Map<String, Documented> docs = documented();

    assertThat(dashboard.get("panels")).anySatisfy(p -> assertThat(p.get("title").asText()).isEqualTo("TTSJobs by phase"))
        .allSatisfy(panel -> panel.get("targets").forEach(target -> {
          String expr = target.get("expr").asText();
          if (expr.contains("$namespace")) {
            assertThat(metrics(expr)).as("metrics of panel %s", panel.get("title")).allSatisfy(metric ->
                assertThat(docs.get(baseName(metric)).labels()).as("labels of %s", metric).contains("`namespace`"));
          }
        }));
  }

  private record Documented(String labels, String from) {
  }

  private static Map<String, Documented> documented() throws IOException {
    Matcher row = DOCUMENTED.matcher(Files.readString(OPERATIONS));
    Map<String, Documented> rows = new TreeMap<>();
    while (row.find()) {
      rows.put(row.group(1), new Documented(row.group(2), row.group(3)));
    }
    return rows;
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
      names.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return names;
  }

  /** A histogram's or summary's series are documented under its name. */
  private static String baseName(String metric) {
    return metric.replaceFirst("_(bucket|sum|count|max)$", "");
  }
}
