package io.dialect.tts.worker.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/** In-process tier: Caffeine bounded by the total bytes of audio it holds. */
public final class MemoryAudioCache implements AudioCache {
  private final Cache<CacheKey, byte[]> cache;

  public MemoryAudioCache(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("memory cache bound must be positive, was " + maxBytes + " bytes");
    }
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((CacheKey key, byte[] audio) -> audio.length)
        // Evict on the writing thread: the bound holds as soon as put returns.
        .executor(Runnable::run)
        .build();
  }

  @Override
  public String tier() {
    return "memory";
  }

  @Override
  public Optional<byte[]> get(CacheKey key) {
    return Optional.ofNullable(cache.getIfPresent(key));
  }

  @Override
  public void put(CacheKey key, byte[] audio) {
    cache.put(key, audio);
  }

  /** Bytes of audio currently held. */
  public long bytes() {
    return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }
}
