package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A large job: 2,000 lines from the team's ConfigMap, four worker pods at a time. */
@ExtendWith(E2eCluster.Extension.class)
class ConfigMapSourceTest {
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("configmap");
  }

  @Test
  void twoThousandLinesFromAConfigMapRunInFourPodsAndEveryLineLands() throws Exception {
    String lines = IntStream.range(0, 2000)
        .mapToObj(i -> "{\"id\": \"line-%04d\", \"text\": \"cm-第%d句，欢迎收听。\"}".formatted(i, i))
        .collect(Collectors.joining("\n"));
    team.createSource("prompts", lines);
    double lostBefore = answersLost();

    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: big}
        spec:
          dialect: mandarin
          format: mp3
          parallelism: 4
          source:
            configMapRef: {name: prompts, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: big/}
        """);

    TTSJob done = team.awaitPhase("big", JobPhase.Succeeded, Duration.ofMinutes(5));

    assertThat(done.getStatus().getPhase()).as("conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    assertThat(done.getStatus().getTotal()).isEqualTo(2000);
    assertThat(done.getStatus().getProgress()).isEqualTo("2000/2000");
    assertThat(done.getStatus().getShards()).isEqualTo(4);
    assertThat(team.workerJobs("big")).singleElement()
        .satisfies(job -> assertThat(job.getSpec().getParallelism()).isEqualTo(4));
    Path dir = team.claim().resolve("big");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(f -> f.toString().endsWith(".mp3")).count()).isEqualTo(2000);
    }
    assertThat(Files.readAllLines(dir.resolve("manifest.jsonl"))).hasSize(2000);
    // Exact, except for calls whose answer was lost after they went out (a timeout, a connection broken
    // mid-answer): the vendor may have billed those, and the gateways count them as possibly billed.
    long billed = done.getStatus().getCharacters().getBilled();
    long vendorBilled = cluster.vendor.billedCharacters(t -> t.startsWith("cm-"));
    double lost = answersLost() - lostBefore;
    assertThat(vendorBilled).as("vendor billed vs status billed %d and possibly billed %s", billed, lost)
        .isGreaterThanOrEqualTo(billed).isLessThanOrEqualTo(billed + (long) lost);
  }

  /** What the gateways counted as sent but never answered (tts_provider_answer_lost_characters_total). */
  private static double answersLost() {
    return cluster.gateways().stream().mapToDouble(g -> g.counter("tts_provider_answer_lost_characters_total")).sum();
  }
}
