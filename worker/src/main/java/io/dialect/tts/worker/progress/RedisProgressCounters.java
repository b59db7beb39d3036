package io.dialect.tts.worker.progress;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.engine.BillingMeter;
import io.dialect.tts.worker.output.ManifestEntry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shard's progress in its Redis hash ({@link RedisKeys#shardProgress}), kept by the gateway: the item
 * counts its pod reports and the characters billed for it; the operator sums the shards. All fields of
 * one report move in one script call, so a reader never sees an item half-counted.
 */
public final class RedisProgressCounters implements ProgressCounters, BillingMeter {
  // HINCRBY each (field, amount) pair, then refresh the expiry: keys of a job whose clean-up never ran die anyway.
  private static final String INCREMENT = """
      for i = 1, #ARGV - 1, 2 do
        redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      redis.call('PEXPIRE', KEYS[1], ARGV[#ARGV])
      return 1
      """;

  // The item counts of a restarted shard start again; what earlier attempts billed was paid and stays.
  private static final String RESET = """
      local billed = redis.call('HGET', KEYS[1], ARGV[1])
      redis.call('DEL', KEYS[1])
      if billed then
        redis.call('HSET', KEYS[1], ARGV[1], billed)
      end
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final String key;
  private final String expiryMillis;

  public RedisProgressCounters(StatefulRedisConnection<String, String> connection, String namespace, String jobName,
      String jobUid, int shardIndex, Duration expiry) {
    this.redis = connection.sync();
    this.key = RedisKeys.shardProgress(namespace, jobName, jobUid, shardIndex);
    this.expiryMillis = String.valueOf(expiry.toMillis());
  }

  @Override
  public void reset() {
    redis.eval(RESET, ScriptOutputType.INTEGER, new String[] {key}, ProgressField.CHARACTERS_BILLED);
  }

  @Override
  public void discovered() {
    add(Map.of(ProgressField.TOTAL, 1L));
  }

  @Override
  public void finished(ManifestEntry entry) {
    add(ProgressDelta.of(entry));
  }

  @Override
  public void billed(String provider, long characters, int calls) {
    add(Map.of(ProgressField.CHARACTERS_BILLED, characters));
  }

  @Override
  public void sourceDone() {
    add(Map.of(ProgressField.SOURCE_DONE, 1L));
  }

  /** Adds the amounts to their fields in one step. */
  public void add(Map<String, Long> delta) {
    if (delta.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(delta.size() * 2 + 1);
    delta.forEach((field, amount) -> {
      args.add(field);
      args.add(String.valueOf(amount));
    });
    args.add(expiryMillis);
    redis.eval(INCREMENT, ScriptOutputType.INTEGER, new String[] {key}, args.toArray(String[]::new));
  }
}
