package io.dialect.tts.worker.output;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.Audio;
import java.util.OptionalLong;

/**
 * Where a job's audio files go: one file per item, {@code {prefix}{id}.{format}}. A rerun asks
 * {@link #existingSize} first and skips items whose audio is already there, so a restart neither
 * loses nor re-bills work. Implementations are thread-safe.
 */
public interface AudioSink {

  /** The size of the item's audio if it was written before, else empty. */
  OptionalLong existingSize(String itemId, AudioFormat format);

  default boolean exists(String itemId, AudioFormat format) {
    return existingSize(itemId, format).isPresent();
  }

  /** Stores the audio (whole or not at all) and returns its URI. */
  String write(String itemId, Audio audio);

  /** The URI the item's audio has, or would have once written. */
  String uriOf(String itemId, AudioFormat format);
}
