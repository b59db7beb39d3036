package io.dialect.tts.operator.progress;

import io.dialect.tts.api.RedisKeys.ProgressField;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters workers wrote for one job, as read at one moment. A record, so equal reads compare equal.
 * {@code held} is how many items the job's pods hold now because the quota ledger refused them;
 * {@code quotaRefusal} the limit it last refused one for (a {@code UsedUpLimit} token), or null.
 */
public record ProgressSnapshot(
    long total,
    long succeeded,
    long failed,
    long cached,
    long degraded,
    long charactersTotal,
    long charactersBilled,
    long shardsDone,
    long held,
    Map<String, Long> providers,
    String quotaRefusal) {

  public static final ProgressSnapshot EMPTY = new ProgressSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), null);

  public ProgressSnapshot {
    providers = Map.copyOf(providers);
  }

  /**
   * Reads the progress hash: each field is the sum over its writers ({@code succeeded@<pod>},
   * {@code characters.billed@<gateway replica>}); unknown fields are ignored, missing ones are zero.
   */
  public static ProgressSnapshot fromHash(Map<String, String> hash) {
    Map<String, Long> sums = new TreeMap<>();
    hash.forEach((field, value) -> sums.merge(ProgressField.baseName(field), Long.parseLong(value), Long::sum));
    Map<String, Long> providers = new TreeMap<>();
    sums.forEach((field, sum) -> {
      if (field.startsWith(ProgressField.PROVIDER_PREFIX)) {
        providers.put(field.substring(ProgressField.PROVIDER_PREFIX.length()), sum);
      }
    });
    return new ProgressSnapshot(
        count(sums, ProgressField.TOTAL), count(sums, ProgressField.SUCCEEDED), count(sums, ProgressField.FAILED),
        count(sums, ProgressField.CACHED), count(sums, ProgressField.DEGRADED),
        count(sums, ProgressField.CHARACTERS_TOTAL), count(sums, ProgressField.CHARACTERS_BILLED),
        count(sums, ProgressField.SOURCE_DONE), count(sums, ProgressField.HELD), providers, null);
  }

  /** Two shards' counts added up; {@code shardsDone} counts shards that read their whole source. */
  public ProgressSnapshot plus(ProgressSnapshot other) {
    Map<String, Long> sum = new TreeMap<>(providers);
    other.providers.forEach((name, count) -> sum.merge(name, count, Long::sum));
    return new ProgressSnapshot(total + other.total, succeeded + other.succeeded, failed + other.failed,
        cached + other.cached, degraded + other.degraded, charactersTotal + other.charactersTotal,
        charactersBilled + other.charactersBilled, shardsDone + other.shardsDone, held + other.held, sum,
        other.quotaRefusal != null ? other.quotaRefusal : quotaRefusal);
  }

  /** This snapshot with the job's last quota refusal. */
  public ProgressSnapshot withQuotaRefusal(String token) {
    return new ProgressSnapshot(total, succeeded, failed, cached, degraded, charactersTotal, charactersBilled,
        shardsDone, held, providers, token);
  }

  public long finished() {
    return succeeded + failed;
  }

  private static long count(Map<String, Long> sums, String field) {
    return sums.getOrDefault(field, 0L);
  }
}
