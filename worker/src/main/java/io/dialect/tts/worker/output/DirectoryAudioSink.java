package io.dialect.tts.worker.output;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.Audio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Audio files at {@code {base}/{prefix}{id}.{format}}: the local run's --out directory, or the
 * output volume in a pod. Each file is written to a temporary name and moved into place, so a
 * crash never leaves a truncated file that a rerun would mistake for finished work.
 */
public final class DirectoryAudioSink implements AudioSink {
  private final DirectoryPlace place;

  /** @throws IllegalArgumentException when the prefix could leave the base directory */
  public DirectoryAudioSink(Path base, String prefix) {
    this(new DirectoryPlace(base, prefix));
  }

  DirectoryAudioSink(DirectoryPlace place) {
    this.place = place;
  }

  @Override
  public OptionalLong existingSize(String itemId, AudioFormat format) {
    Path path = place.path(OutputPrefix.audioFileName(itemId, format));
    try {
      return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String write(String itemId, Audio audio) {
    String fileName = OutputPrefix.audioFileName(itemId, audio.format());
    try {
      Path target = place.pathForWriting(fileName);
      AtomicFiles.write(target, temp -> Files.write(temp, audio.data()));
      return place.uri(fileName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + fileName, e);
    }
  }

  @Override
  public String uriOf(String itemId, AudioFormat format) {
    return place.uri(OutputPrefix.audioFileName(itemId, format));
  }
}
