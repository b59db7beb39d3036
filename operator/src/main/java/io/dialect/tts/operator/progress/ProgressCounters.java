package io.dialect.tts.operator.progress;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** The per-job progress hashes in Redis: read while a job runs, deleted when the TTSJob goes away. */
public final class ProgressCounters {
  private final StatefulRedisConnection<String, String> connection;

  public ProgressCounters(StatefulRedisConnection<String, String> connection) {
    this.connection = connection;
  }

  /** The sum of the job's shard hashes (each shard counts into its own, see {@link RedisKeys#shardProgress}). */
  public ProgressSnapshot read(TTSJob job, int shards) {
    ProgressSnapshot sum = ProgressSnapshot.EMPTY;
    for (int shard = 0; shard < shards; shard++) {
      String key = RedisKeys.shardProgress(job.getMetadata().getNamespace(), job.getMetadata().getName(),
          job.getMetadata().getUid(), shard);
      sum = sum.plus(ProgressSnapshot.fromHash(connection.sync().hgetall(key)));
    }
    return sum.withQuotaRefusal(connection.sync().get(RedisKeys.quotaRefusal(job.getMetadata().getNamespace(),
        job.getMetadata().getName(), job.getMetadata().getUid())));
  }

  /** Deletes the progress keys matching {@code pattern} ({@link RedisKeys#jobProgressPattern}); returns how many. */
  public long delete(String pattern) {
    RedisCommands<String, String> redis = connection.sync();
    ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.matches(pattern).limit(500));
    long deleted = 0;
    while (keys.hasNext()) {
      deleted += redis.del(keys.next());
    }
    return deleted;
  }
}
