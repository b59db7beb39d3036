package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator installed by Argo CD (an Application) and by Flux (a HelmRelease): both point at the chart and
 * at one values file in this repository, and with those values the chart renders the same at every render -
 * Argo CD renders it without a cluster at every sync, so anything random would be a diff each time.
 */
class GitOpsInstallTest {
  private static final Path REPOSITORY = Path.of("..");
  private static final Path PLATFORM = GitOpsExampleTest.GITOPS.resolve("platform");
  private static final Path VALUES = PLATFORM.resolve("operator-values.yaml");

  @Test
  void argoCdInstallsTheChartWithTheExampleValuesAndTheCrdsByServerSideApply() throws IOException {
    Map<String, Object> application = only(PLATFORM.resolve("argocd-application.yaml"), "Application");
    Map<?, ?> source = (Map<?, ?>) spec(application).get("source");
    Map<?, ?> helm = (Map<?, ?>) source.get("helm");

    Path chart = REPOSITORY.resolve(String.valueOf(source.get("path")));
    assertThat(chart.resolve("Chart.yaml")).exists();
    assertThat((List<?>) helm.get("valueFiles")).singleElement()
        .satisfies(file -> assertThat(chart.resolve(String.valueOf(file)).normalize()).isEqualTo(VALUES.normalize()));
    assertThat(helm.get("skipCrds")).as("the CRDs come with the chart").isNull();
    assertThat(String.valueOf(((Map<?, ?>) spec(application).get("syncPolicy")).get("syncOptions")))
        .contains("ServerSideApply=true");
  }

  @Test
  void fluxInstallsTheChartWithTheExampleValuesAndReplacesTheCrdsAtUpgrade() throws IOException {
    Map<String, Object> release = only(PLATFORM.resolve("flux-helmrelease.yaml"), "HelmRelease");
    Map<?, ?> chartSpec = (Map<?, ?>) ((Map<?, ?>) spec(release).get("chart")).get("spec");

    assertThat(REPOSITORY.resolve(String.valueOf(chartSpec.get("chart"))).resolve("Chart.yaml")).exists();
    assertThat(((List<?>) chartSpec.get("valuesFiles")).stream().map(f -> REPOSITORY.resolve(String.valueOf(f)).normalize()))
        .as("the chart's own values, then the example's")
        .containsExactly(REPOSITORY.resolve("charts/tts-operator/values.yaml").normalize(), VALUES.normalize());
    assertThat(((Map<?, ?>) spec(release).get("upgrade")).get("crds")).isEqualTo("CreateReplace");
  }

  @Test
  void withTheExampleValuesEveryRenderIsTheSameAndTheChartMakesNoPassword() {
    RenderedChart first = RenderedChart.render(VALUES.toAbsolutePath().toString());
    RenderedChart second = RenderedChart.render(VALUES.toAbsolutePath().toString());

    assertThat(second.text()).isEqualTo(first.text());
    assertThat(first.all(Secret.class)).as("Secrets the chart would make up").isEmpty();
    assertThat(first.text()).contains("tts-redis-auth");
  }

  /** Why operator-values.yaml names the Redis Secret: without a cluster to look up, each render is another password. */
  @Test
  void withTheDefaultValuesEachRenderMakesAnotherRedisPassword() {
    assertThat(RenderedChart.render().text()).isNotEqualTo(RenderedChart.render().text());
  }

  private static Map<String, Object> only(Path file, String kind) throws IOException {
    return GitOpsExampleTest.documents(Files.readString(file)).stream().filter(o -> kind.equals(o.get("kind")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in " + file));
  }

  private static Map<?, ?> spec(Map<String, Object> object) {
    return (Map<?, ?>) object.get("spec");
  }
}
