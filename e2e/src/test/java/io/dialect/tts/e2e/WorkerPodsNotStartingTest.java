package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.TTSJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Worker pods that cannot start say so on the TTSJob, where its user looks, instead of Pending forever:
 * here the platform set a worker image no node can pull (a typo in its name), as a patched operator
 * Deployment would.
 */
@ExtendWith(E2eCluster.Extension.class)
class WorkerPodsNotStartingTest {
  /** A typo in the repository name. */
  private static final String MISSING_IMAGE = "ghcr.io/dialect-tts/tts-wroker:0.1.0";
  static E2eCluster cluster;
  private static Team team;
  private static ChartProcess operator;

  @BeforeAll
  static void misconfiguredOperator() {
    team = cluster.team("no-image");
    for (ChartProcess operator : cluster.operators()) {
      operator.close();
    }
    operator = cluster.startOperator(Map.of("TTS_WORKER_IMAGE", MISSING_IMAGE));
  }

  /** The next scenario gets an operator with the chart's settings again. */
  @AfterAll
  static void restoreOperator() {
    cluster.operators().forEach(ChartProcess::close);
  }

  @Test
  void anImageThatCannotBePulledShowsAsAConditionAWarningEventAndAMetricWithinThirtySeconds() {
    Instant applied = Instant.now();
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: imageless}
        spec:
          dialect: mandarin
          items:
            - {id: a, text: "imageless-没有镜像。"}
          output:
            pvc: {claimName: audio, path: imageless/}
        """);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      TTSJob job = team.job("imageless");
      assertThat(job.getStatus()).isNotNull();
      assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getReason()).isEqualTo("WorkerPodsNotStarting");
        assertThat(c.getMessage()).containsPattern("ErrImagePull|ImagePullBackOff").contains(MISSING_IMAGE);
      });
      assertThat(team.events("imageless")).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("WorkerPodsNotStarting");
        assertThat(e.getMessage()).contains(MISSING_IMAGE);
      });
      // What the TTSWorkerPodsNotStarting alert counts, by namespace.
      assertThat(operator.get("/metrics").orElseThrow().body())
          .contains("tts_jobs_workers_not_starting{namespace=\"%s\"} 1.0".formatted(team.namespace));
    });
    Condition running = team.job("imageless").getStatus().getConditions().stream()
        .filter(c -> "WorkerPodsNotStarting".equals(c.getReason())).findFirst().orElseThrow();
    assertThat(Instant.parse(running.getLastTransitionTime())).isBefore(applied.plusSeconds(30));
  }
}
