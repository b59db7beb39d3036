package io.dialect.tts.usage;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket in Redis shared by every replica of the synthesis gateway. A vendor rate-limits the
 * whole account (e.g. 50 requests per second, then 429), not each caller: replicas pacing themselves
 * each with a local limiter together send N times that. Every permit here is taken by one Lua script
 * on Redis' own clock, so all replicas draw from one bucket whatever their number and clock skew.
 *
 * <p>In any interval of t seconds at most {@code burst + permitsPerSecond * t} permits are granted.
 * To keep 429s rare, keep {@code permitsPerSecond + burst} a little below the vendor's per-second limit
 * (e.g. 45 per second with a burst of 3 for a limit of 50).
 *
 * <p>Permits are reserved, as in a classic "reserve" token bucket: when the bucket is empty a caller
 * still gets the next free slot and is told how long to wait for it, so concurrent callers queue in the
 * order Redis sees them. The key expires once the bucket would be full again, so an idle or removed
 * provider leaves nothing behind.
 *
 * <p>When Redis cannot be reached every method throws {@link RateLimiterUnavailableException} instead
 * of granting a permit; the caller should fall back to a local limiter. For that to be prompt the connection should
 * reject commands while disconnected ({@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}) and
 * time out commands within seconds, as for {@link RedisQuotaLedger}; otherwise a call may block for
 * lettuce's default command timeout of a minute. A call that timed out may still take its permit when
 * Redis catches up, which only slows the others a little. Other errors Redis answers with (a broken key, say)
 * propagate as {@link RedisCommandExecutionException}: something is misconfigured, not unreachable.
 *
 * <p>Thread-safe; the caller owns the connection.
 */
public final class SharedRateLimiter {
  /** Above this, permits (10 µs apart) near the precision of the script's microsecond arithmetic. */
  public static final double MAX_PERMITS_PER_SECOND = 100_000;

  /*
   * Key format: tts:ratelimit:<provider>. One bucket per vendor account, shared across namespaces and
   * replicas on purpose (the vendor counts the account), hence no namespace in the key. Defined here
   * rather than in io.dialect.tts.api.RedisKeys because nothing outside this class reads it.
   */
  private static final String KEY_PREFIX = "tts:ratelimit:";
  private static final LuaScript TAKE = LuaScript.fromResource("rate-limit.lua");
  private static final String ANY_WAIT = "-1";

  private final StatefulRedisConnection<String, String> connection;
  private final String key;
  private final double permitsPerSecond;
  private final int burst;
  private final String intervalMicros;
  private final String burstArg;

  /**
   * @param connection the caller's connection (configured as described above); not closed by this class
   * @param key the bucket's Redis key, usually {@link #keyFor(String)}
   * @param permitsPerSecond the sustained rate, above 0 and at most {@link #MAX_PERMITS_PER_SECOND}
   * @param burst how many permits may be taken at once after an idle period (bucket capacity), at least 1
   */
  public SharedRateLimiter(StatefulRedisConnection<String, String> connection, String key, double permitsPerSecond,
      int burst) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("a rate limit needs a key");
    }
    if (!(permitsPerSecond > 0 && permitsPerSecond <= MAX_PERMITS_PER_SECOND)) {
      throw new IllegalArgumentException("permits per second must be above 0 and at most "
          + MAX_PERMITS_PER_SECOND + ": " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    this.key = key;
    this.permitsPerSecond = permitsPerSecond;
    this.burst = burst;
    this.intervalMicros = Double.toString(1_000_000d / permitsPerSecond);
    this.burstArg = Integer.toString(burst);
  }

  /** The key of a provider's account-wide bucket: {@code tts:ratelimit:<provider>}. */
  public static String keyFor(String provider) {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("a rate limit key needs a provider name");
    }
    return KEY_PREFIX + provider;
  }

  /**
   * Takes the next permit, waiting for none: when the bucket is empty the next free slot is reserved
   * for this caller anyway.
   *
   * @return how long the caller must wait before using the permit; zero when it may go at once
   * @throws RateLimiterUnavailableException when Redis cannot be reached (no permit granted)
   */
  public Duration reserve() {
    return Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(take(ANY_WAIT).waitMicros()));
  }

  /**
   * Takes the next permit only if it can be used within {@code maxWait}; a refusal takes nothing, so
   * it does not delay anyone else.
   *
   * @return how long to wait before using the permit, or empty when the wait would exceed {@code maxWait}
   * @throws RateLimiterUnavailableException when Redis cannot be reached (no permit granted)
   */
  public Optional<Duration> tryReserve(Duration maxWait) {
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    Take take = take(Long.toString(TimeUnit.MICROSECONDS.convert(maxWait)));
    return take.granted() ? Optional.of(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(take.waitMicros())))
        : Optional.empty();
  }

  /**
   * Takes the next permit and sleeps until it may be used, unless that would take longer than
   * {@code maxWait}: then returns false at once and takes nothing.
   *
   * @return true once the permit may be used, false when it was refused
   * @throws RateLimiterUnavailableException when Redis cannot be reached (no permit granted)
   * @throws InterruptedException when interrupted while waiting; the reserved slot is then lost (unused)
   */
  public boolean acquire(Duration maxWait) throws InterruptedException {
    Optional<Duration> wait = tryReserve(maxWait);
    if (wait.isEmpty()) {
      return false;
    }
    if (wait.get().isPositive()) {
      Thread.sleep(wait.get());
    }
    return true;
  }

  public String key() {
    return key;
  }

  public double permitsPerSecond() {
    return permitsPerSecond;
  }

  public int burst() {
    return burst;
  }

  private Take take(String maxWaitMicros) {
    List<Object> result;
    try {
      if (!connection.isOpen()) {
        throw new RedisException("not connected to Redis");
      }
      result = TAKE.run(connection.sync(), new String[] {key}, intervalMicros, burstArg, maxWaitMicros);
    } catch (RedisException e) {
      if (unreachable(e)) {
        throw new RateLimiterUnavailableException(key, e);
      }
      throw e;
    }
    return new Take((Long) result.get(0) == 1, (Long) result.get(1));
  }

  /** Redis not there or not serving, as opposed to an answer saying something is broken. */
  private static boolean unreachable(RedisException e) {
    if (e instanceof RedisCommandInterruptedException) {
      return false; // our thread was interrupted: not Redis' doing
    }
    return !(e instanceof RedisCommandExecutionException) || e instanceof RedisLoadingException
        || e instanceof RedisBusyException || e instanceof RedisReadOnlyException;
  }

  private record Take(boolean granted, long waitMicros) {
  }
}
