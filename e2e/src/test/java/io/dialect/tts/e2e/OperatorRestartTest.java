package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator dies or is replaced while jobs run: SIGKILL mid-job (a node failure), and SIGTERM of
 * the leader of two replicas (a rolling update). Nothing is launched twice, status picks up where it
 * was, and a graceful stop hands the Lease over at once.
 */
@ExtendWith(E2eCluster.Extension.class)
class OperatorRestartTest {
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("restart");
  }

  @AfterEach
  void vendorRecovers() {
    cluster.vendor.latencyMillis(0);
  }

  @Test
  void anOperatorKilledMidJobIsReplacedAndTheJobRunsOnWithOneWorkerJob() throws Exception {
    String lines = IntStream.range(0, 300)
        .mapToObj(i -> "{\"id\": \"k-%04d\", \"text\": \"killed-第%d句。\"}".formatted(i, i))
        .collect(Collectors.joining("\n"));
    team.createSource("lines", lines);
    cluster.vendor.latencyMillis(200);
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: survivor}
        spec:
          dialect: mandarin
          format: mp3
          parallelism: 2
          source:
            configMapRef: {name: lines, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: survivor/}
        """);
    team.awaitSucceeded("survivor", 21);

    for (ChartProcess operator : cluster.operators()) {
      operator.sigkill();
      operator.awaitExit(Duration.ofSeconds(10));
    }
    long progressAtKill = team.job("survivor").getStatus().getSucceeded();
    cluster.startOperator();

    TTSJob done = team.awaitPhase("survivor", JobPhase.Succeeded, Duration.ofMinutes(4));
    assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(done.getStatus().getSucceeded()).isEqualTo(300).isGreaterThan(progressAtKill);
    assertThat(team.workerJobs("survivor")).extracting(job -> job.getMetadata().getName())
        .as("the new operator found the worker Job instead of creating another").hasSize(1);
  }

  @Test
  void aLeaderStoppedGracefullyExitsWithinTenSecondsAndTheOtherReplicaTakesOver() {
    ChartProcess leader = cluster.ensureOperator();
    await().atMost(Duration.ofMinutes(1)).until(() -> cluster.leaseHolder().equals(Optional.of(leader.name())));
    ChartProcess standby = cluster.startOperator();
    await().atMost(Duration.ofMinutes(1)).until(() -> standby.get("/healthz").map(r -> r.statusCode() == 200)
        .orElse(false));

    leader.sigterm();

    assertThat(leader.awaitExit(Duration.ofSeconds(10))).as("the leader exited within 10 s of SIGTERM; its log:%n%s",
        leader.logText()).isPresent();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(cluster.leaseHolder())
        .as("the Lease went to the standby without waiting for it to expire").hasValue(standby.name()));
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: after-handover}
        spec:
          dialect: mandarin
          items:
            - {id: a, text: "handover-交接之后。"}
          output:
            pvc: {claimName: audio, path: after-handover/}
        """);
    assertThat(team.awaitPhase("after-handover", JobPhase.Succeeded, Duration.ofMinutes(2)).getStatus().getPhase())
        .isEqualTo(JobPhase.Succeeded);
  }
}
