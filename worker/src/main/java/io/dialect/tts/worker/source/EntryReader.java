package io.dialect.tts.worker.source;

import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Reads entries of one line format from a byte stream, one per call. */
interface EntryReader {

  /** The next entry, or null at the end of the source. */
  SourceEntry next() throws IOException;

  /** A lazy, sequential stream of the entries in {@code in}; closing the stream closes {@code in}. */
  static Stream<SourceEntry> stream(InputStream in, SourceFormat format) {
    ByteLines lines = new ByteLines(in);
    EntryReader reader = format == SourceFormat.CSV ? new CsvEntryReader(lines) : new JsonlEntryReader(lines);
    Spliterator<SourceEntry> entries = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
        Spliterator.ORDERED | Spliterator.NONNULL) {
      @Override
      public boolean tryAdvance(Consumer<? super SourceEntry> action) {
        try {
          SourceEntry entry = reader.next();
          if (entry == null) {
            return false;
          }
          action.accept(entry);
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return StreamSupport.stream(entries, false).onClose(() -> {
      try {
        lines.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
