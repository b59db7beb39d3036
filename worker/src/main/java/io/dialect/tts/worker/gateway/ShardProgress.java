package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shards' progress in Redis, kept by the gateway alone (shard pods have no route to Redis): the item
 * totals each pod reports (each pod's own fields, set not added, so a report sent twice counts once), and
 * which shards have finished. What was billed is counted by {@link GatewayBilling}, never reported.
 * These keys have no TTL (Redis' eviction may drop only keys with one); the operator deletes them with
 * their TTSJob.
 */
final class ShardProgress {
  /** What a pod may report: how its items ended, never what was billed (the gateway counts that itself). */
  static final Set<String> REPORTABLE = Set.of(ProgressField.TOTAL, ProgressField.SUCCEEDED, ProgressField.FAILED,
      ProgressField.CACHED, ProgressField.DEGRADED, ProgressField.CHARACTERS_TOTAL, ProgressField.HELD);

  // KEYS[1] the shard's hash; ARGV[1] '1' to clear the item counts of the shard's earlier pods first (a
  // retried shard recounts), keeping what was billed (fields starting with ARGV[2]); ARGV[3] the writer
  // suffix ('@' .. pod uid); ARGV[4] '1' when the shard has read its whole source; then field, total pairs.
  private static final String REPORT = """
      if ARGV[1] == '1' then
        for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
          if string.sub(field, 1, #ARGV[2]) ~= ARGV[2] then
            redis.call('HDEL', KEYS[1], field)
          end
        end
      end
      for i = 5, #ARGV - 1, 2 do
        redis.call('HSET', KEYS[1], ARGV[i] .. ARGV[3], ARGV[i + 1])
      end
      if ARGV[4] == '1' then
        redis.call('HSET', KEYS[1], 'source.done', 1)
      end
      return 1
      """;

  private final StatefulRedisConnection<String, String> redis;
  private final JobRecords jobs;

  ShardProgress(StatefulRedisConnection<String, String> redis, JobRecords jobs) {
    this.redis = redis;
    this.jobs = jobs;
  }

  static String key(Shard shard) {
    return RedisKeys.shardProgress(shard.namespace(), shard.jobName(), shard.jobUid(), shard.index());
  }

  /**
   * Sets the pod's totals; a field it may not report is a 400, so a pod cannot move its job's billing.
   *
   * @param podUid the reporting pod: its totals replace its own earlier ones only
   * @param reset  the pod's first report: the counts of the shard's earlier pods go
   */
  void report(Shard shard, String podUid, boolean reset, Map<String, Long> totals, boolean sourceDone) {
    for (Map.Entry<String, Long> total : totals.entrySet()) {
      boolean allowed = REPORTABLE.contains(total.getKey()) || total.getKey().startsWith(ProgressField.PROVIDER_PREFIX)
          && !total.getKey().contains(ProgressField.WRITER_SEPARATOR);
      if (!allowed || total.getValue() == null || total.getValue() < 0) {
        throw GatewayException.invalid("a shard may report these totals only, each >= 0: " + REPORTABLE
            + " and " + ProgressField.PROVIDER_PREFIX + "<name>; not '" + total.getKey() + "'");
      }
    }
    List<String> args = new ArrayList<>(List.of(reset ? "1" : "0", ProgressField.CHARACTERS_BILLED,
        ProgressField.WRITER_SEPARATOR + podUid, sourceDone ? "1" : "0"));
    totals.forEach((field, total) -> {
      args.add(field);
      args.add(String.valueOf(total));
    });
    redis.sync().eval(REPORT, ScriptOutputType.INTEGER, new String[] {key(shard)}, args.toArray(String[]::new));
  }

  /**
   * Marks the shard finished; true when every shard of the job is. Redis' set of finished shards is
   * joined with the indexes the Job controller counts as done, so a Redis that lost its data still lets
   * the last shard see that it is the last.
   */
  boolean complete(Shard shard) {
    String key = RedisKeys.finishedShards(shard.namespace(), shard.jobName(), shard.jobUid());
    redis.sync().sadd(key, String.valueOf(shard.index()));
    Set<Integer> done = new HashSet<>(jobs.completedIndexes(shard));
    redis.sync().smembers(key).forEach(index -> done.add(Integer.parseInt(index)));
    return done.size() >= shard.count();
  }
}
