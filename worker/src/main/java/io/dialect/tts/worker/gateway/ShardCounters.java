package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.progress.RedisProgressCounters;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The shards' progress in Redis, kept by the gateway alone (shard pods have no route to Redis): the item
 * counts a pod reports, the characters the engine billed for it, and which shards have finished.
 */
final class ShardCounters {
  /** What a pod may report: how its items ended, never what was billed (the gateway counts that itself). */
  static final Set<String> REPORTABLE = Set.of(ProgressField.TOTAL, ProgressField.SUCCEEDED, ProgressField.FAILED,
      ProgressField.CACHED, ProgressField.DEGRADED, ProgressField.CHARACTERS_TOTAL);
  private static final Duration EXPIRY = Duration.ofDays(7);

  private final StatefulRedisConnection<String, String> redis;

  ShardCounters(StatefulRedisConnection<String, String> redis) {
    this.redis = redis;
  }

  RedisProgressCounters of(Shard shard) {
    return new RedisProgressCounters(redis, shard.namespace(), shard.jobName(), shard.jobUid(), shard.index(), EXPIRY);
  }

  /** Applies a pod's report; a field it may not report is a 400, so a pod cannot move its job's billing. */
  void report(Shard shard, boolean reset, Map<String, Long> counts, boolean sourceDone) {
    for (Map.Entry<String, Long> count : counts.entrySet()) {
      boolean allowed = REPORTABLE.contains(count.getKey()) || count.getKey().startsWith(ProgressField.PROVIDER_PREFIX);
      if (!allowed || count.getValue() == null || count.getValue() < 0) {
        throw GatewayException.invalid("a shard may report these counts only, each >= 0: " + REPORTABLE
            + " and " + ProgressField.PROVIDER_PREFIX + "<name>; not '" + count.getKey() + "'");
      }
    }
    RedisProgressCounters counters = of(shard);
    if (reset) {
      counters.reset();
    }
    counters.add(counts);
    if (sourceDone) {
      counters.sourceDone();
    }
  }

  /** Marks the shard finished; true when every shard of the job is. */
  boolean complete(Shard shard) {
    String key = RedisKeys.finishedShards(shard.namespace(), shard.jobName(), shard.jobUid());
    redis.sync().sadd(key, String.valueOf(shard.index()));
    redis.sync().pexpire(key, EXPIRY.toMillis());
    return redis.sync().scard(key) >= shard.count();
  }
}
