package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The spine: a TTSJob applied by a user becomes an Indexed batch Job whose pods (run by the Job
 * controller and the process kubelet) write playable audio and a complete manifest to the team's
 * claim, and the TTSJob ends Succeeded with N/N, its conditions and Events, as {@code kubectl wait}
 * sees it.
 */
@ExtendWith(E2eCluster.Extension.class)
class InlineJobTest {
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("inline");
  }

  @Test
  void anInlineJobWritesPlayableAudioAndACompleteManifestAndSucceeds() throws Exception {
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: welcome}
        spec:
          dialect: dongbei
          voice: dongbei_laotie
          format: mp3
          items:
            - {id: greeting, text: "inline-老铁们好，欢迎光临！"}
            - {id: queue, text: "inline-别着急，前面还有三位。"}
            - {id: thanks, text: "inline-谢谢您嘞，下回再来啊！"}
          output:
            pvc: {claimName: audio, path: welcome/}
        """);

    Process wait = kubectlWait("welcome");
    TTSJob done = team.awaitPhase("welcome", JobPhase.Succeeded, Duration.ofMinutes(3));

    assertThat(done.getStatus().getPhase()).as("phase; conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    assertThat(done.getStatus().getProgress()).isEqualTo("3/3");
    assertThat(done.getStatus().getCharacters().getBilled())
        .as("billed characters in status equal what the vendor billed this team")
        .isEqualTo(cluster.vendor.billedCharacters(t -> t.startsWith("inline-")));
    assertThat(done.getStatus().getManifest()).isEqualTo("pvc://audio/welcome/manifest.jsonl");
    assertThat(wait.waitFor(60, TimeUnit.SECONDS)).as("kubectl wait --for=condition=Complete returned").isTrue();
    assertThat(wait.exitValue()).as("kubectl wait: %s", new String(wait.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8)).isZero();

    Path dir = team.claim().resolve("welcome");
    for (String id : List.of("greeting", "queue", "thanks")) {
      Path audio = dir.resolve(id + ".mp3");
      assertThat(AudioFiles.ffprobeFormat(audio)).as("ffprobe of %s", audio).isEqualTo("mp3");
      assertThat(Files.getPosixFilePermissions(audio)).as("a consumer pod of another uid can read %s", audio)
          .contains(PosixFilePermission.OTHERS_READ);
    }
    List<JsonNode> manifest = team.manifest("welcome");
    assertThat(manifest).extracting(line -> line.get("id").asText())
        .containsExactlyInAnyOrder("greeting", "queue", "thanks");
    assertThat(manifest).allSatisfy(line -> {
      assertThat(line.size()).as("fields of %s", line).isEqualTo(11);
      assertThat(line.get("status").asText()).isEqualTo("Succeeded");
      assertThat(line.get("uri").asText()).startsWith("pvc://audio/welcome/");
      assertThat(line.get("provider").asText()).isEqualTo("xiangyinge");
    });
    assertThat(team.workerJobs("welcome")).singleElement().satisfies(job -> assertThat(job.getMetadata()
        .getOwnerReferences()).singleElement().satisfies(owner -> assertThat(owner.getUid())
            .isEqualTo(done.getMetadata().getUid())));
    assertThat(team.events("welcome")).extracting(Event::getReason).contains("Admitted", "Started", "Completed");
    assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo(ConditionTypes.COMPLETE);
      assertThat(c.isTrue()).isTrue();
    });
  }

  private Process kubectlWait(String name) throws Exception {
    return cluster.kubectl(team.namespace, "wait", "--for=condition=Complete", "ttsjob/" + name, "--timeout=180s")
        .redirectErrorStream(true).start();
  }
}
