package io.dialect.tts.worker.source;

import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/** A JSONL or CSV file: a ConfigMap key mounted into the pod, or any local file for the local run. */
public final class FileItemSource implements ItemSource {
  private final Path file;
  private final SourceFormat format;

  public FileItemSource(Path file, SourceFormat format) {
    this.file = Objects.requireNonNull(file, "file");
    this.format = format == null ? SourceFormat.JSONL : format;
  }

  @Override
  public Stream<SourceEntry> open() {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new InvalidSourceException("the source file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the source file " + file, e);
    }
    return EntryReader.stream(in, format);
  }
}
