package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys and credentials reach pods only as Secret references: the chart never takes or renders one. */
class SecretsTest {
  /** The fake key the wrong-on-purpose values files carry. */
  private static final String FAKE_KEY = "sk-FAKE-7f3a9c-do-not-render";

  @ParameterizedTest(name = "values: {0}")
  @CsvSource({
      "literal-key-as-setting.yaml, providers.list.0: Property name of \"apiKey\" does not match",
      "literal-key-in-ref.yaml,     providers.list.0.keys.primary: Additional property value is not allowed",
      "literal-s3-credentials.yaml, s3.credentialsSecret: Additional property secretAccessKey is not allowed"})
  void theSchemaRefusesALiteralKeyAndTheErrorDoesNotEchoIt(String values, String schemaError) {
    assertThatThrownBy(() -> RenderedChart.render(values))
        .as("rendering %s must fail on the values schema", values)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(schemaError)
        .message().doesNotContain(FAKE_KEY);
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"external-redis.yaml", "in-chart-redis-monitoring.yaml"})
  void noSecretObjectAndNoKeyValueIsRendered(String values) {
    RenderedChart chart = RenderedChart.render(values);

    assertThat(chart.kinds()).doesNotContain("Secret");
    assertThat(chart.text()).doesNotContain(FAKE_KEY).doesNotContainIgnoringCase("apiKey");
  }

  @Test
  void providerKeysBecomeEnvironmentVariableNamesFilledFromTheNamedSecret() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");

    Map<String, Object> providers = RenderedChart.yaml(
        chart.one(ConfigMap.class, "tts-tts-operator-providers").getData().get("providers.yaml"));
    assertThat(providers.get("providers").toString())
        .contains("primary={env=TTS_KEY_XIANGYINGE_PRIMARY}", "backup={env=TTS_KEY_XIANGYINGE_BACKUP}",
            "primary={env=TTS_KEY_AZURE_PRIMARY}");
    assertThat(ChartRenderingTest.operatorConfig(chart).get("providers")).isEqualTo(List.of(
        Map.of("name", "xiangyinge", "env", List.of(
            Map.of("name", "TTS_KEY_XIANGYINGE_BACKUP", "secretName", "dialect-keys", "secretKey", "xiangyinge-backup"),
            Map.of("name", "TTS_KEY_XIANGYINGE_PRIMARY", "secretName", "dialect-keys", "secretKey", "xiangyinge-primary"))),
        Map.of("name", "azure", "env", List.of(
            Map.of("name", "TTS_KEY_AZURE_PRIMARY", "secretName", "dialect-keys", "secretKey", "azure-speech"))),
        Map.of("name", "espeak", "env", List.of())));
  }
}
