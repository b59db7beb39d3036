package io.dialect.tts.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void anEmptyConfigHasWorkingDefaults() {
    OperatorConfig config = OperatorConfig.parse("{}");
    assertThat(config.redis().url()).isEqualTo("redis://localhost:6379");
    assertThat(config.providers()).extracting(OperatorConfig.ProviderSettings::name).containsExactly("espeak");
    assertThat(config.s3().allowsBucket("any")).as("no allow-list: any bucket").isTrue();
    assertThat(config.statusUpdateInterval()).hasSeconds(10);
  }

  @Test
  void environmentOverridesTheFile() {
    OperatorConfig config = OperatorConfig.load(Optional.empty(), Map.of(
        OperatorConfig.ENV_WORKER_IMAGE, "img:2", OperatorConfig.ENV_REDIS_URL, "redis://r:1",
        OperatorConfig.ENV_WATCH_NAMESPACES, "a, b"));
    assertThat(config.worker().image()).isEqualTo("img:2");
    assertThat(config.redis().url()).isEqualTo("redis://r:1");
    assertThat(config.namespaces()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aJobWithASourceReservesTenThousandCharactersUnlessConfigured() {
    assertThat(OperatorConfig.parse("{}").admission().sourceReservationCharacters()).isEqualTo(10_000L);
    assertThat(OperatorConfig.parse("admission: {sourceReservationCharacters: 500}").admission()
        .sourceReservationCharacters()).isEqualTo(500L);
    assertThatThrownBy(() -> OperatorConfig.parse("admission: {sourceReservationCharacters: -1}"))
        .hasMessageContaining("admission.sourceReservationCharacters must be >= 0");
    assertThatThrownBy(() -> OperatorConfig.parse("admission: {sourceReservation: 500}"))
        .as("unknown keys are errors").hasMessageContaining("sourceReservation");
  }

  @Test
  void aTypoIsAnErrorNotASilentDefault() {
    assertThatThrownBy(() -> OperatorConfig.parse("worker: {imge: x}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imge");
  }

  /** docs/operator.md runs the jar with this file: it must load as it ships. */
  @Test
  void theShippedDevelopmentConfigLoads() {
    OperatorConfig config = OperatorConfig.load(Optional.of(Path.of("..", "examples", "operator", "dev.yaml")),
        Map.of(OperatorConfig.ENV_REDIS_PASSWORD, "from-the-secret"));

    assertThat(config.gateway().url()).isEqualTo("http://tts-tts-operator-gateway.tts-system.svc");
    assertThat(config.redis().url()).isEqualTo("redis://localhost:6379");
    assertThat(config.redis().password()).isEqualTo("from-the-secret");
    assertThat(config.providerConfig()).isEqualTo(
        new OperatorConfig.ProviderConfigRef("tts-tts-operator-providers", "tts-system", "providers.yaml"));
    assertThat(config.providers()).extracting(OperatorConfig.ProviderSettings::name).containsExactly("espeak");
    assertThat(config.worker().serviceAccountName()).as("the namespace's default ServiceAccount").isEqualTo("default");
    assertThat(config.leaderElection().enabled()).isFalse();
    assertThat(config.httpPort()).isEqualTo(8081);
  }

  /** The worker pod settings as the chart renders them (JSON flow values; absent keys when not set). */
  @Test
  void theChartsWorkerPodSettingsParse() {
    OperatorConfig.WorkerSettings worker = OperatorConfig.parse("""
        worker:
          imagePullSecrets: [{"name":"registry-pull"}]
          nodeSelector: {"pool":"batch"}
          tolerations: [{"effect":"NoSchedule","key":"dedicated","operator":"Equal","value":"tts"}]
          affinity: {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/arch","operator":"In","values":["amd64"]}]}]}}}
          priorityClassName: "batch-low"
          podLabels: {"cost-center":"speech"}
          podAnnotations: {}
          ttlSecondsAfterFinished: 0
        """).worker();

    assertThat(worker.imagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("registry-pull"));
    assertThat(worker.tolerations()).singleElement().satisfies(t -> assertThat(t.getEffect()).isEqualTo("NoSchedule"));
    assertThat(worker.affinity().getNodeAffinity()).isNotNull();
    assertThat(worker.ttlSecondsAfterFinished()).isZero();
    assertThat(OperatorConfig.parse("worker: {imagePullSecrets: [], nodeSelector: {}, tolerations: [], podLabels: {}}")
        .worker().ttlSecondsAfterFinished()).as("absent: no TTL").isNull();
  }
}
