package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The values file under examples/ that the README points to renders into the provider config it promises. */
class ExampleValuesTest {
  private static final String EXAMPLE = Path.of("../examples/providers/values-two-providers.yaml")
      .toAbsolutePath().toString();

  @Test
  void twoRemoteProvidersAndTheLocalFallbackReachTheWorkersProviderConfig() {
    RenderedChart chart = RenderedChart.render(EXAMPLE);

    String providersYaml = chart.one(ConfigMap.class, "tts-tts-operator-providers").getData().get("providers.yaml");
    Map<String, Object> providers = new Yaml().load(providersYaml);
    assertThat(providers.get("providerOrder")).isEqualTo(List.of("xiangyinge", "azure"));
    List<Object> names = ((List<?>) providers.get("providers")).stream()
        .map(p -> ((Map<?, ?>) p).get("name")).map(Object.class::cast).toList();
    assertThat(names).containsExactly("xiangyinge", "azure", "espeak");
    assertThat(providersYaml).as("keys are env references, never values")
        .doesNotContain("REPLACE_WITH").contains("env: TTS_KEY_XIANGYINGE_BACKUP");
  }
}
