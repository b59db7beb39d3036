package io.dialect.tts.worker.source;

import java.util.Objects;
import java.util.stream.Stream;

/** A source whose entries have passed {@link ItemValidator}; each pass starts with no ids seen. */
public final class ValidatedItemSource implements ItemSource {
  private final ItemSource source;

  public ValidatedItemSource(ItemSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public Stream<SourceEntry> open() {
    return source.open().map(new ItemValidator()::validate);
  }
}
