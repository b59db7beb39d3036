package io.dialect.tts.worker.cache;

import java.util.Optional;

/**
 * One cache tier for encoded audio. Implementations are built by a factory method that verifies
 * the backend at start-up ({@link CacheTierMisconfiguredException}); afterwards {@link #get} and
 * {@link #put} throw on backend failures and {@link TieredAudioCache} turns those into misses.
 */
public interface AudioCache {

  /** Short tier name, used in metrics, the manifest's {@code cacheTier} and logs: memory, disk, redis, s3. */
  String tier();

  Optional<byte[]> get(CacheKey key);

  void put(CacheKey key, byte[] audio);
}
