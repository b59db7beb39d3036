package io.dialect.tts.worker.cache;

import java.util.Objects;

/**
 * Where the S3 tier keeps audio: objects {@code {prefix}{scope}/{hash}} in {@code bucket}.
 *
 * @param prefix "" (or null) for the bucket's root, else a path; a trailing "/" is added when missing
 */
public record S3CacheSettings(String bucket, String prefix) {
  public S3CacheSettings {
    Objects.requireNonNull(bucket, "bucket");
    if (prefix == null) {
      prefix = "";
    } else if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
  }
}
