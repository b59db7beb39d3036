package io.dialect.tts.worker.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.Audio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryOutputTest {
  @TempDir
  Path base;

  @Test
  void audioIsWrittenUnderThePrefixWithNoTemporaryFileLeftBehind() throws IOException {
    AudioSink sink = new DirectoryAudioSink(base, "welcome");

    String uri = sink.write("greeting", new Audio(new byte[] {1, 2, 3}, AudioFormat.WAV));

    Path file = base.resolve("welcome/greeting.wav");
    assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(uri).isEqualTo(file.toUri().toString());
    assertThat(sink.existingSize("greeting", AudioFormat.WAV)).hasValue(3);
    assertThat(sink.exists("greeting", AudioFormat.MP3)).as("another format is another file").isFalse();
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void audioAndTheMergedManifestAreReadableByOtherUsersOfTheVolume() throws IOException {
    JobOutput output = JobOutput.directory(base, "job");
    output.audio().write("a", new Audio(new byte[] {1}, AudioFormat.MP3));
    try (ManifestWriter part = output.manifests().open(ManifestStore.partName(0))) {
      part.append(ManifestEntry.alreadyWritten("a", "x", 1, 1));
    }
    output.manifests().merge(List.of(ManifestStore.partName(0)), ManifestStore.MANIFEST);

    for (String file : List.of("a.mp3", ManifestStore.MANIFEST)) {
      assertThat(Files.getPosixFilePermissions(base.resolve("job").resolve(file)))
          .as("a consumer pod of another uid reads %s", file).contains(PosixFilePermission.OTHERS_READ);
    }
  }

  @Test
  void aRewriteReplacesTheFileWhole() {
    AudioSink sink = new DirectoryAudioSink(base, "");
    sink.write("a", new Audio(new byte[] {1, 2, 3, 4}, AudioFormat.MP3));

    sink.write("a", new Audio(new byte[] {9}, AudioFormat.MP3));

    assertThat(base.resolve("a.mp3")).hasBinaryContent(new byte[] {9});
  }

  @Test
  void neitherThePrefixNorASymbolicLinkCanLeadOutsideTheBaseDirectory(@TempDir Path outside) throws IOException {
    assertThatThrownBy(() -> new DirectoryAudioSink(base, "../elsewhere")).isInstanceOf(IllegalArgumentException.class);
    Files.createSymbolicLink(base.resolve("link"), outside);
    AudioSink sink = new DirectoryAudioSink(base, "link/");

    assertThatThrownBy(() -> sink.write("a", new Audio(new byte[] {1}, AudioFormat.MP3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void manifestPartsMergeIntoOneFileInShardOrder() throws IOException {
    ManifestStore store = JobOutput.directory(base, "job").manifests();
    for (int shard = 1; shard >= 0; shard--) {
      try (ManifestWriter writer = store.open(ManifestStore.partName(shard))) {
        writer.append(ManifestEntry.withoutAudio("s" + shard, ItemStatus.QuotaExceeded, "QuotaExceeded", 0, 3));
      }
    }

    String uri = store.merge(List.of(ManifestStore.partName(0), ManifestStore.partName(1)), ManifestStore.MANIFEST);

    Path merged = base.resolve("job/manifest.jsonl");
    assertThat(uri).isEqualTo(merged.toUri().toString());
    assertThat(Files.readAllLines(merged)).hasSize(2).satisfiesExactly(
        first -> assertThat(first).contains("\"id\":\"s0\""),
        second -> assertThat(second).contains("\"id\":\"s1\""));
    assertThatThrownBy(() -> store.merge(List.of(ManifestStore.partName(5)), "other.jsonl"))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(base.resolve("job/other.jsonl")).doesNotExist();
  }
}
