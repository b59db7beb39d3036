package io.dialect.tts.worker.pipeline;

import io.dialect.tts.worker.output.ManifestEntry;

/**
 * How an item ended, with the dialect and voice it was resolved to (for metrics and audit) and, for
 * an item without audio, a sentence for the worker's log saying why (never the text, never a key).
 */
public record ItemResult(ManifestEntry entry, String dialect, String voice, String message) {
}
