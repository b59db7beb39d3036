package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.usage.UsedUpLimit;
import io.dialect.tts.worker.engine.BillingMeter;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this gateway replica billed for each shard, in the shard's progress hash for the operator: one
 * field per replica ({@code characters.billed@<replica>}) holding the replica's running total, raised to it
 * each time (so a write repeated after a timeout counts once, and an earlier total arriving late is ignored). While Redis is away the totals stay
 * here and are written when it is back; a shard's hash that vanished (Redis lost its data) gets this
 * replica's total again, unless its TTSJob is gone (the operator deleted the hash on purpose).
 */
final class GatewayBilling implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayBilling.class);
  /** A shard not billed for this long is forgotten: its job is over or moved to other replicas. */
  private static final Duration KEPT_FOR = Duration.ofMinutes(15);

  /**
   * Raises the replica's field to the running total, never lowers it: writes of two billing threads may
   * reach Redis in either order, and the later total must win. KEYS[1] hash, ARGV[1] field, ARGV[2] total.
   */
  private static final String RAISE = """
      if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1') then
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      end
      return 1
      """;

  private final StatefulRedisConnection<String, String> redis;
  private final JobRecords jobs;
  private final String field = ProgressField.CHARACTERS_BILLED + ProgressField.WRITER_SEPARATOR
      + "gw-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "billing-flush");
    thread.setDaemon(true);
    return thread;
  });

  /** One shard's running total and what of it Redis is known to hold. */
  private static final class Tally {
    final Shard shard;
    final AtomicLong billed = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    volatile long lastBilledNanos = System.nanoTime();

    Tally(Shard shard) {
      this.shard = shard;
    }
  }

  GatewayBilling(StatefulRedisConnection<String, String> redis, JobRecords jobs, Duration flushEvery) {
    this.redis = redis;
    this.jobs = jobs;
    flusher.scheduleWithFixedDelay(this::flush, flushEvery.toMillis(), flushEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The meter of one shard's billed characters, which also records the job's quota refusals. */
  BillingMeter meter(Shard shard) {
    Tally tally = tallies.computeIfAbsent(ShardProgress.key(shard), key -> new Tally(shard));
    return new BillingMeter() {
      @Override
      public void billed(long characters) {
        tally.billed.addAndGet(characters);
        tally.lastBilledNanos = System.nanoTime();
        write(ShardProgress.key(shard), tally);
      }

      @Override
      public void refused(UsedUpLimit limit) {
        try {
          redis.sync().set(RedisKeys.quotaRefusal(shard.namespace(), shard.jobName(), shard.jobUid()), limit.token());
        } catch (RedisException e) {
          LOG.debug("quota refusal of {}/{} not recorded: {}", shard.namespace(), shard.jobName(), e.toString());
        }
      }
    };
  }

  /** Writes the running total; when Redis is away, the next flush will. */
  private boolean write(String key, Tally tally) {
    long total = tally.billed.get();
    try {
      redis.sync().eval(RAISE, ScriptOutputType.INTEGER, new String[] {key}, field, String.valueOf(total));
      tally.written.accumulateAndGet(total, Math::max);
      return true;
    } catch (RedisException e) {
      LOG.warn("billing of {} not written yet ({} characters): {}", key, total, e.toString());
      return false;
    }
  }

  /** Writes the totals Redis lacks: those billed while it was away, and those of hashes it lost. */
  void flush() {
    long now = System.nanoTime();
    for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
      Tally tally = entry.getValue();
      try {
        if (tally.written.get() < tally.billed.get()) {
          write(entry.getKey(), tally);
        } else if (tally.written.get() > 0 && redis.sync().hexists(entry.getKey(), field).equals(Boolean.FALSE)) {
          // Only what was written can be lost: a shard that billed nothing yet has no field to miss.
          if (jobs.exists(tally.shard)) {
            LOG.warn("the progress hash {} lost this replica's billing (did Redis lose its data?): writing {} "
                + "characters again", entry.getKey(), tally.billed.get());
            write(entry.getKey(), tally);
          } else {
            tallies.remove(entry.getKey());
          }
        }
        if (now - tally.lastBilledNanos > KEPT_FOR.toNanos() && tally.written.get() >= tally.billed.get()) {
          tallies.remove(entry.getKey());
        }
      } catch (RedisException e) {
        return; // Redis is away: the next flush tries again
      } catch (RuntimeException e) {
        LOG.warn("billing flush of {} failed: {}", entry.getKey(), e.toString());
      }
    }
  }

  /** Writes what is still unwritten, once (best effort: the replica is stopping). */
  @Override
  public void close() {
    flusher.shutdownNow();
    tallies.forEach((key, tally) -> {
      if (tally.written.get() < tally.billed.get() && !write(key, tally)) {
        LOG.error("replica stopping with {} characters billed for {} not written to Redis", tally.billed.get(), key);
      }
    });
  }
}
