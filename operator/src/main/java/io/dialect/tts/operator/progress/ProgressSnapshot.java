package io.dialect.tts.operator.progress;

import io.dialect.tts.api.RedisKeys.ProgressField;
import java.util.Map;
import java.util.TreeMap;

/** The counters workers wrote for one job, as read at one moment. A record, so equal reads compare equal. */
public record ProgressSnapshot(
    long total,
    long succeeded,
    long failed,
    long cached,
    long degraded,
    long charactersTotal,
    long charactersBilled,
    long shardsDone,
    Map<String, Long> providers) {

  public static final ProgressSnapshot EMPTY = new ProgressSnapshot(0, 0, 0, 0, 0, 0, 0, 0, Map.of());

  public ProgressSnapshot {
    providers = Map.copyOf(providers);
  }

  /** Reads the progress hash; unknown fields are ignored, missing ones are zero. */
  public static ProgressSnapshot fromHash(Map<String, String> hash) {
    Map<String, Long> providers = new TreeMap<>();
    hash.forEach((field, value) -> {
      if (field.startsWith(ProgressField.PROVIDER_PREFIX)) {
        providers.put(field.substring(ProgressField.PROVIDER_PREFIX.length()), Long.parseLong(value));
      }
    });
    return new ProgressSnapshot(
        count(hash, ProgressField.TOTAL), count(hash, ProgressField.SUCCEEDED), count(hash, ProgressField.FAILED),
        count(hash, ProgressField.CACHED), count(hash, ProgressField.DEGRADED),
        count(hash, ProgressField.CHARACTERS_TOTAL), count(hash, ProgressField.CHARACTERS_BILLED),
        count(hash, ProgressField.SOURCE_DONE), providers);
  }

  /** Two shards' counts added up; {@code shardsDone} counts shards that read their whole source. */
  public ProgressSnapshot plus(ProgressSnapshot other) {
    Map<String, Long> sum = new TreeMap<>(providers);
    other.providers.forEach((name, count) -> sum.merge(name, count, Long::sum));
    return new ProgressSnapshot(total + other.total, succeeded + other.succeeded, failed + other.failed,
        cached + other.cached, degraded + other.degraded, charactersTotal + other.charactersTotal,
        charactersBilled + other.charactersBilled, shardsDone + other.shardsDone, sum);
  }

  public long finished() {
    return succeeded + failed;
  }

  private static long count(Map<String, String> hash, String field) {
    String value = hash.get(field);
    return value == null ? 0 : Long.parseLong(value);
  }
}
