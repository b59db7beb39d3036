package io.dialect.tts.worker.cache;

/** Audio found in a cache, and the name of the tier that had it. */
public record CacheHit(byte[] data, String tier) {
}
