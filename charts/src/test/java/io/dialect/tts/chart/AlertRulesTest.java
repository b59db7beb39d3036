package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules file is checked and unit-tested by Prometheus' own promtool (Debian package
 * {@code prometheus}). A missing promtool fails these tests: alerts nobody checked are not shipped.
 */
class AlertRulesTest {
  private static final Path FILES = RenderedChart.CHART.resolve("files");

  @Test
  void promtoolAcceptsTheRulesFile() throws Exception {
    Result result = promtool("check", "rules", "prometheus-rules.yaml");

    assertThat(result.exitCode()).as("promtool check rules:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 12 rules found");
  }

  @Test
  void everyAlertFiresOnItsFaultAndStaysSilentOtherwise() throws Exception {
    Result result = promtool("test", "rules", "prometheus-rules.test.yaml");

    assertThat(result.exitCode()).as("promtool test rules:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void theUnitTestsCoverEveryAlert() throws IOException {
    String tests = Files.readString(FILES.resolve("prometheus-rules.test.yaml"));

    assertThat(alertNames()).isNotEmpty().allSatisfy(alert -> {
      assertThat(tests).as("a firing case of %s", alert).containsPattern("alertname: " + alert + "\\s+exp_alerts:\\s+- exp_labels");
      assertThat(tests).as("a silent case of %s", alert).contains("alertname: " + alert + "\n        exp_alerts: []");
    });
  }

  @Test
  void thePrometheusRuleCarriesTheFileUnchanged() throws IOException {
    GenericKubernetesResource rule = RenderedChart.render("in-chart-redis-monitoring.yaml").all(GenericKubernetesResource.class)
        .filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();

    assertThat(rule.getAdditionalProperties().get("spec"))
        .isEqualTo(RenderedChart.yaml(Files.readString(FILES.resolve("prometheus-rules.yaml"))));
  }

  @Test
  void theRunbookLinksFollowTheConfiguredBase() throws IOException {
    GenericKubernetesResource rule = RenderedChart.render(
            Map.of("metrics.prometheusRule.runbookBaseUrl", "https://wiki.example.com/platform/tts-runbook/"),
            "in-chart-redis-monitoring.yaml")
        .all(GenericKubernetesResource.class).filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();

    assertThat(runbookUrls(rule.getAdditionalProperties().get("spec"))).hasSize(alertNames().size())
        .containsAll(alertNames().stream().map(a -> "https://wiki.example.com/platform/tts-runbook#" + a.toLowerCase())
            .toList());
  }

  @SuppressWarnings("unchecked")
  private static List<String> runbookUrls(Object spec) {
    return ((List<Map<String, Object>>) ((Map<String, Object>) spec).get("groups")).stream()
        .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
        .map(rule -> (String) ((Map<String, Object>) rule.get("annotations")).get("runbook_url")).toList();
  }

  @SuppressWarnings("unchecked")
  static List<String> alertNames() throws IOException {
    Map<String, Object> file = RenderedChart.yaml(Files.readString(FILES.resolve("prometheus-rules.yaml")));
    return ((List<Map<String, Object>>) file.get("groups")).stream()
        .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
        .map(rule -> (String) rule.get("alert")).toList();
  }

  private record Result(int exitCode, String output) {
  }

  private static Result promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(FILES.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("promtool is not installed (Debian package 'prometheus'); the alert rules cannot be checked", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }
}
