package io.dialect.tts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.PvcOutput;
import io.dialect.tts.api.v1alpha1.S3Output;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import org.junit.jupiter.api.Test;

class OutputLayoutTest {

  @Test
  void s3KeysAlwaysStartWithTheNamespaceWhateverThePrefix() {
    OutputLayout withSlash = OutputLayout.of("team-a", s3("tts-out", "welcome/"));
    OutputLayout withoutSlash = OutputLayout.of("team-a", s3("tts-out", "welcome"));
    OutputLayout noPrefix = OutputLayout.of("team-a", s3("tts-out", null));

    assertThat(withSlash.audioPath("greeting", AudioFormat.MP3)).isEqualTo("team-a/welcome/greeting.mp3");
    assertThat(withoutSlash.audioPath("greeting", AudioFormat.MP3)).isEqualTo("team-a/welcome/greeting.mp3");
    assertThat(noPrefix.audioPath("greeting", AudioFormat.OGG)).isEqualTo("team-a/greeting.ogg");
    assertThat(withSlash.manifestUri()).isEqualTo("s3://tts-out/team-a/welcome/manifest.jsonl");
    assertThat(withSlash.manifestPartPath(3)).isEqualTo("team-a/welcome/manifest-00003.jsonl");
  }

  @Test
  void pvcPathsAreRelativeToTheVolume() {
    TTSOutput output = new TTSOutput();
    PvcOutput pvc = new PvcOutput();
    pvc.setClaimName("audio");
    pvc.setPath("welcome");
    output.setPvc(pvc);

    OutputLayout layout = OutputLayout.of("team-a", output);

    assertThat(layout.audioPath("a", AudioFormat.WAV)).isEqualTo("welcome/a.wav");
    assertThat(layout.manifestUri()).isEqualTo("pvc://audio/welcome/manifest.jsonl");
  }

  @Test
  void prefixesThatCouldClimbOutOfTheNamespaceAreRefused() {
    assertThatThrownBy(() -> OutputLayout.of("team-a", s3("tts-out", "../team-b/")))
        .hasMessageContaining("no empty, '.' or '..' segment");
    assertThatThrownBy(() -> OutputLayout.of("team-a", s3("tts-out", "/abs")))
        .hasMessageContaining("relative");
  }

  private static TTSOutput s3(String bucket, String prefix) {
    S3Output s3 = new S3Output();
    s3.setBucket(bucket);
    s3.setPrefix(prefix);
    TTSOutput output = new TTSOutput();
    output.setS3(s3);
    return output;
  }
}
