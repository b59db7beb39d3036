package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys and credentials reach pods only as Secret references, and only pods of the release namespace:
 * the chart never takes or renders one (the in-chart Redis' random password aside), and nothing it
 * puts into a team namespace refers to a Secret.
 */
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
  void noKeyValueIsRenderedAndTheOnlySecretIsTheInChartRedisPassword(String values) {
    RenderedChart chart = RenderedChart.render(values);

    assertThat(chart.all(Secret.class)).extracting(s -> s.getMetadata().getName())
        .isSubsetOf("tts-tts-operator-redis-auth");
    assertThat(chart.text()).doesNotContain(FAKE_KEY).doesNotContainIgnoringCase("apiKey");
  }

  @Test
  void providerKeysBecomeEnvironmentVariableNamesFilledFromTheNamedSecretInTheGatewayOnly() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");

    Map<String, Object> providers = RenderedChart.yaml(
        chart.one(ConfigMap.class, "tts-tts-operator-providers").getData().get("providers.yaml"));
    assertThat(providers.get("providers").toString())
        .contains("primary={env=TTS_KEY_XIANGYINGE_PRIMARY}", "backup={env=TTS_KEY_XIANGYINGE_BACKUP}",
            "primary={env=TTS_KEY_AZURE_PRIMARY}");
    assertThat(GatewayTest.secretEnv(GatewayTest.container(chart))).containsAllEntriesOf(Map.of(
        "TTS_KEY_XIANGYINGE_BACKUP", "dialect-keys/xiangyinge-backup",
        "TTS_KEY_XIANGYINGE_PRIMARY", "dialect-keys/xiangyinge-primary",
        "TTS_KEY_AZURE_PRIMARY", "dialect-keys/azure-speech"));
  }

  /** The operator config lists the names jobs may use; where keys live is the gateway's business. */
  @Test
  void theOperatorConfigNamesProvidersButNoKeyAndNoSecret() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");
    String operatorYaml = chart.one(ConfigMap.class, "tts-tts-operator-config").getData().get("operator.yaml");

    assertThat(ChartRenderingTest.operatorConfig(chart).get("providers")).isEqualTo(List.of(
        Map.of("name", "xiangyinge"), Map.of("name", "azure"), Map.of("name", "espeak")));
    // The one Secret reference allowed: worker image pull Secrets, which the kubelet reads in the team's namespace.
    assertThat(ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(chart))).containsEntry("imagePullSecrets", List.of());
    assertThat(operatorYaml.replaceAll("(?m)^\\s*imagePullSecrets: \\[]$", ""))
        .doesNotContain("TTS_KEY_", "dialect-keys", "tts-s3", "shared-redis")
        .doesNotContainIgnoringCase("secret");
  }

  @Test
  void theOperatorDeploymentGetsNoProviderKeyAndNoS3Credentials() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");
    Deployment operator = chart.one(Deployment.class, "tts-tts-operator");

    assertThat(operator.getSpec().getTemplate().getSpec().getContainers()).allSatisfy(container -> {
      assertThat(container.getEnv()).extracting(EnvVar::getName).noneMatch(name -> name.startsWith("TTS_KEY_") || name.startsWith("AWS_"));
      assertThat(GatewayTest.secretEnv(container)).as("the operator's Secret env: Redis' password only")
          .containsExactly(Map.entry("TTS_REDIS_PASSWORD", "shared-redis/password"));
      assertThat(container.getEnvFrom()).isNullOrEmpty();
    });
    assertThat(operator.getSpec().getTemplate().getSpec().getVolumes()).noneMatch(volume -> volume.getSecret() != null);
  }

  /** A team can read every Secret of its namespace: nothing the chart puts there may need one. */
  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"external-redis.yaml", "in-chart-redis-monitoring.yaml"})
  void onlyTheOperatorsRoleGoesIntoTeamNamespacesAndItReferencesNoSecret(String values) {
    RenderedChart chart = RenderedChart.render(values);
    List<HasMetadata> inTeamNamespaces = chart.objects().stream()
        .filter(o -> o.getMetadata().getNamespace() != null && !o.getMetadata().getNamespace().equals(RenderedChart.NAMESPACE))
        .toList();

    // A watched namespace (operator.watchNamespaces) holds the operator's Role and its RoleBinding: rules and a
    // subject in the release namespace, no Secret (RbacTest). Worker pods need nothing there (RbacTest).
    assertThat(inTeamNamespaces).as("objects outside %s", RenderedChart.NAMESPACE).allSatisfy(o -> {
      assertThat(o).isInstanceOfAny(Role.class, RoleBinding.class);
      assertThat(o.getMetadata().getName()).isEqualTo(RbacTest.FULLNAME);
    });
    assertThat(chart.all(Deployment.class)).allSatisfy(d -> assertThat(d.getMetadata().getNamespace())
        .as("namespace of Deployment %s (its Secret references resolve there)", d.getMetadata().getName())
        .isEqualTo(RenderedChart.NAMESPACE));
  }
}
