package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker pod is deleted in the middle of its shard (a node drain, {@code kubectl delete pod}). The
 * Job controller starts a new pod for the index; it skips what is written, no item is lost, none is paid
 * twice (the gateway finishes and caches what the old pod had in flight; the new pod's request for it
 * is a cache hit or joins the call still running), and the status bills exactly what the vendor billed.
 */
@ExtendWith(E2eCluster.Extension.class)
class WorkerPodDeletedTest {
  private static final int LINES = 400;
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("pod-deleted");
  }

  @AfterEach
  void vendorRecovers() {
    cluster.vendor.latencyMillis(0);
  }

  @Test
  void aPodDeletedMidShardLosesNothingAndPaysForNothingTwice() throws Exception {
    String lines = IntStream.range(0, LINES)
        .mapToObj(i -> "{\"id\": \"p-%04d\", \"text\": \"deleted-第%d句，请稍候。\"}".formatted(i, i))
        .collect(Collectors.joining("\n"));
    team.createSource("lines", lines);
    cluster.vendor.latencyMillis(250);
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: interrupted}
        spec:
          dialect: mandarin
          format: mp3
          parallelism: 1
          source:
            configMapRef: {name: lines, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: interrupted/}
        """);
    team.awaitSucceeded("interrupted", 81);
    Pod first = team.pods("interrupted").stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
        .findFirst().orElseThrow();

    cluster.admin.resource(first).delete();

    TTSJob done = team.awaitPhase("interrupted", JobPhase.Succeeded, Duration.ofMinutes(5));
    assertThat(done.getStatus().getPhase()).as("conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    List<JsonNode> manifest = team.manifest("interrupted");
    assertThat(manifest).hasSize(LINES)
        .allSatisfy(line -> assertThat(line.get("status").asText()).isEqualTo("Succeeded"));
    Map<String, Long> billsPerText = cluster.vendor.billsPerText(t -> t.startsWith("deleted-"));
    assertThat(billsPerText).as("every line was billed").hasSize(LINES);
    assertThat(billsPerText).as("no line paid twice").allSatisfy((text, bills) -> assertThat(bills).isOne());
    assertThat(done.getStatus().getCharacters().getBilled()).as("status billed == vendor billed")
        .isEqualTo(cluster.vendor.billedCharacters(t -> t.startsWith("deleted-")));
    assertThat(manifest).allSatisfy(line -> assertThat(line.get("provider").asText()).isEqualTo("xiangyinge"));
    assertThat(team.pods("interrupted")).extracting(p -> p.getMetadata().getUid())
        .as("another pod finished the index").doesNotContain(first.getMetadata().getUid()).isNotEmpty();
  }

}
