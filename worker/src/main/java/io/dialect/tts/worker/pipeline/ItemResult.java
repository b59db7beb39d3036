package io.dialect.tts.worker.pipeline;

import io.dialect.tts.worker.output.ManifestEntry;

/**
 * How an item ended, with the dialect and voice it was resolved to (for metrics and audit) and, for
 * an item without audio, a sentence for the worker's log saying why (never the text, never a key).
 *
 * @param earlier the entry is an earlier attempt's (the audio was already written): its billing was
 *                counted when it happened, not now
 */
public record ItemResult(ManifestEntry entry, String dialect, String voice, String message, boolean earlier) {

  public ItemResult(ManifestEntry entry, String dialect, String voice, String message) {
    this(entry, dialect, voice, message, false);
  }

  /** Characters billed for this item in this attempt. */
  public long billedNow() {
    return earlier ? 0 : entry.billedCharacters();
  }
}
