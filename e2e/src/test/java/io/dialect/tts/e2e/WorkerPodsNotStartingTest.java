package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.TTSJob;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Worker pods that cannot start say so on the TTSJob, where its user looks, instead of Pending forever. */
@ExtendWith(E2eCluster.Extension.class)
class WorkerPodsNotStartingTest {
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("no-keys");
    cluster.admin.secrets().inNamespace(team.namespace).withName("tts-provider-keys").delete();
  }

  @Test
  void aMissingKeySecretShowsAsAConditionAndAWarningEventNamingItWithinThirtySeconds() {
    Instant applied = Instant.now();
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: keyless}
        spec:
          dialect: mandarin
          items:
            - {id: a, text: "keyless-没有钥匙。"}
          output:
            pvc: {claimName: audio, path: keyless/}
        """);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      TTSJob job = team.job("keyless");
      assertThat(job.getStatus()).isNotNull();
      assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getReason()).isEqualTo("WorkerPodsNotStarting");
        assertThat(c.getMessage()).contains("CreateContainerConfigError").contains("tts-provider-keys");
      });
      assertThat(team.events("keyless")).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("WorkerPodsNotStarting");
        assertThat(e.getMessage()).contains("tts-provider-keys");
      });
    });
    Condition running = team.job("keyless").getStatus().getConditions().stream()
        .filter(c -> "WorkerPodsNotStarting".equals(c.getReason())).findFirst().orElseThrow();
    assertThat(Instant.parse(running.getLastTransitionTime())).isBefore(applied.plusSeconds(30));
  }
}
