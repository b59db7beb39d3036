package io.dialect.tts.usage;

/** What a namespace used in one window: billed characters and requests, and free cache hits. */
public record WindowUsage(long characters, long requests, long cacheHits) {
  public static final WindowUsage NONE = new WindowUsage(0, 0, 0);
}
