package io.dialect.tts.worker.cache;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The local run's on-disk tier.
 *
 * @param directory root of the tier; created when missing
 * @param maxBytes  bound on the audio bytes kept, 0 for no bound
 */
public record DiskCacheSettings(Path directory, long maxBytes) {
  public DiskCacheSettings {
    Objects.requireNonNull(directory, "directory");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("disk cache bound must be 0 (none) or positive, was " + maxBytes);
    }
  }

  /** {@code $XDG_CACHE_HOME/dialect-tts/audio}, or {@code ~/.cache/dialect-tts/audio} when that is unset. */
  public static Path userCacheDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("dialect-tts").resolve("audio");
  }
}
