package io.dialect.tts.worker.source;

import java.util.stream.Stream;

/**
 * Where a job's items come from. Entries are produced lazily, one at a time, so a source of any
 * size never sits in memory whole.
 */
public interface ItemSource {

  /**
   * Opens the source and streams its entries in source order. The stream holds the underlying file
   * or connection: close it (try-with-resources). Each call reads the source again from the start.
   *
   * @throws InvalidSourceException when the source does not exist or cannot be read as the format it claims
   */
  Stream<SourceEntry> open();
}
