package io.dialect.tts.worker.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.OutputLayout;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.PvcOutput;
import io.dialect.tts.api.v1alpha1.S3Output;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The worker writes exactly where the operator (through crds' OutputLayout) says the files are. */
class OutputLayoutAgreementTest {

  @Test
  void s3AudioAndManifestKeysAreTheOnesTheOperatorReports() {
    for (String prefix : new String[] {"welcome", "welcome/", "", "a/b/"}) {
      TTSOutput output = new TTSOutput();
      S3Output s3 = new S3Output();
      s3.setBucket("tts-out");
      s3.setPrefix(prefix);
      output.setS3(s3);
      OutputLayout layout = OutputLayout.of("team-a", output);
      JobOutput job = JobOutput.forJob(output, "team-a", (file, method) -> "http://unused", Path.of("/unused"),
          Path.of("/tmp"), 10);

      assertThat(job.audio().uriOf("greeting", AudioFormat.MP3)).as(prefix)
          .isEqualTo(layout.uri(layout.audioPath("greeting", AudioFormat.MP3)));
      assertThat(job.manifests().uriOf(ManifestStore.MANIFEST)).as(prefix).isEqualTo(layout.manifestUri());
      assertThat(job.manifests().uriOf(ManifestStore.partName(3))).as(prefix)
          .isEqualTo(layout.uri(layout.manifestPartPath(3)));
    }
  }

  @Test
  void volumeUrisNameTheClaimAsTheOperatorReportsThem() {
    TTSOutput output = new TTSOutput();
    PvcOutput pvc = new PvcOutput();
    pvc.setClaimName("audio");
    pvc.setPath("welcome");
    output.setPvc(pvc);
    OutputLayout layout = OutputLayout.of("team-a", output);
    Path mount = Path.of("/var/lib/tts/output");

    JobOutput job = JobOutput.forJob(output, "team-a", (file, method) -> "http://unused", mount, Path.of("/tmp"), 10);

    assertThat(job.audio().uriOf("greeting", AudioFormat.WAV))
        .isEqualTo(layout.uri(layout.audioPath("greeting", AudioFormat.WAV)))
        .isEqualTo("pvc://audio/welcome/greeting.wav");
    assertThat(job.manifests().uriOf(ManifestStore.MANIFEST)).isEqualTo(layout.manifestUri());
  }
}
