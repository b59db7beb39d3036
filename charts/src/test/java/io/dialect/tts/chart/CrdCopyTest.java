package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart ships copies of files that have one source of truth elsewhere; these tests fail while a
 * copy drifts. Refresh: {@code cp crds/*.yml charts/tts-operator/crds/} and
 * {@code cp crds/src/main/resources/io/dialect/tts/api/catalog/default-catalog.yaml charts/tts-operator/files/}.
 */
class CrdCopyTest {
  private static final Path GENERATED_CRDS = Path.of("../crds");
  private static final Path CHART_CRDS = RenderedChart.CHART.resolve("crds");

  @Test
  void theChartCrdsAreByteIdenticalToTheGeneratedOnes() throws IOException {
    List<Path> generated = yamlFiles(GENERATED_CRDS);

    assertThat(generated).as("generated CRDs in crds/").hasSize(2);
    assertThat(yamlFiles(CHART_CRDS)).as("chart CRDs")
        .extracting(Path::getFileName).containsExactlyInAnyOrderElementsOf(generated.stream().map(Path::getFileName).toList());
    for (Path source : generated) {
      Path copy = CHART_CRDS.resolve(source.getFileName());
      assertThat(Files.readAllBytes(copy)).as("%s is a byte-identical copy of %s", copy, source)
          .isEqualTo(Files.readAllBytes(source));
    }
  }

  @Test
  void theChartCrdsParseAsTheTwoNamespacedKinds() throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();

    assertThat(yamlFiles(CHART_CRDS)).map(file -> serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class))
        .extracting(crd -> crd.getSpec().getGroup() + "/" + crd.getSpec().getNames().getKind() + " " + crd.getSpec().getScope())
        .containsExactlyInAnyOrder("tts.dialect.io/TTSJob Namespaced", "tts.dialect.io/TTSQuota Namespaced");
  }

  @Test
  void theDefaultCatalogIsTheApiModulesAndReachesTheWorkersConfig() throws IOException {
    byte[] apiCatalog;
    try (InputStream in = VoiceCatalog.class.getResourceAsStream("default-catalog.yaml")) {
      apiCatalog = in.readAllBytes();
    }
    assertThat(Files.readAllBytes(RenderedChart.CHART.resolve("files/default-catalog.yaml")))
        .as("files/default-catalog.yaml is the API module's default catalog").isEqualTo(apiCatalog);

    String providersYaml = RenderedChart.render().one(ConfigMap.class, "tts-tts-operator-providers").getData().get("providers.yaml");
    VoiceCatalog rendered = VoiceCatalog.fromConfigYaml(providersYaml);
    assertThat(rendered.dialectIds()).isEqualTo(VoiceCatalog.defaultCatalog().dialectIds());
    assertThat(rendered.providerVoice("dongbei", "dongbei_laotie", "xiangyinge")).hasValue("dongbei_laotie");
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
