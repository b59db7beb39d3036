package io.dialect.tts.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code cache:} section. Each tier is on when its section is present and what it needs exists:
 * Redis needs a Redis URL (flag or env), S3 needs an endpoint/region (flag or env); the disk tier is
 * the local run's.
 */
public record CacheConfig(CacheScope scope, Memory memory, Redis redis, S3 s3, Disk disk) {
  public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;

  public CacheConfig {
    scope = Objects.requireNonNullElse(scope, CacheScope.NAMESPACE);
    memory = Objects.requireNonNullElse(memory, new Memory(DEFAULT_MEMORY_BYTES));
    redis = Objects.requireNonNullElse(redis, new Redis(null));
  }

  public static CacheConfig defaults() {
    return new CacheConfig(null, null, null, null, null);
  }

  /** @param maxBytes bound of the in-process tier; 0 turns it off */
  public record Memory(long maxBytes) {
    public Memory {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("cache.memory.maxBytes must not be negative");
      }
    }
  }

  /** @param ttl how long an entry lives in Redis; default 7 days */
  public record Redis(Duration ttl) {
    public Redis {
      ttl = Objects.requireNonNullElse(ttl, Duration.ofDays(7));
    }
  }

  /** @param bucket the cache bucket; objects at {prefix}{scope}/{hash} */
  public record S3(String bucket, String prefix) {
    public S3 {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("cache.s3.bucket is required when cache.s3 is set");
      }
      prefix = Objects.requireNonNullElse(prefix, "tts-cache/");
    }
  }

  /** @param directory default: the user's cache directory; maxBytes 0 = unbounded */
  public record Disk(Path directory, long maxBytes) {
  }
}
