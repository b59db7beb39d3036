package io.dialect.tts.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.worker.testing.TestJobs;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobManifestsTest {
  @TempDir
  Path dir;

  @Test
  void aJobWrittenByTheKubernetesClientAsTheOperatorDoesReadsBackWhole() throws Exception {
    TTSJob written = TestJobs.dongbei(List.of(new TTSItem("greeting", "老铁们好"), new TTSItem("yes", "yes")));
    written.getSpec().setFormat(AudioFormat.OGG);
    written.getSpec().setSpeed(1.25);
    written.getSpec().setProviders(List.of("xiangyinge", "espeak"));
    Path file = Files.writeString(dir.resolve("ttsjob.yaml"), new KubernetesSerialization().asYaml(written));

    TTSJob read = JobManifests.read(file);

    assertThat(read.getMetadata().getUid()).isEqualTo("uid-1");
    assertThat(read.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(read.getSpec().effectiveFormat()).isEqualTo(AudioFormat.OGG);
    assertThat(read.getSpec().effectiveSpeed()).isEqualTo(1.25);
    assertThat(read.getSpec().getProviders()).containsExactly("xiangyinge", "espeak");
    assertThat(read.getSpec().getItems()).extracting(TTSItem::getText).containsExactly("老铁们好", "yes");
  }

  @Test
  void anUnknownFieldIsAnErrorNotASilentlyIgnoredSetting() throws Exception {
    Path file = Files.writeString(dir.resolve("ttsjob.yaml"), """
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: typo}
        spec:
          dialect: dongbei
          paralellism: 4
          items: [{id: a, text: "好"}]
          output: {pvc: {claimName: audio}}
        """);

    assertThatThrownBy(() -> JobManifests.read(file))
        .isInstanceOf(JobManifests.InvalidJobException.class).hasMessageContaining("paralellism");
  }
}
