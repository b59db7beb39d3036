package io.dialect.tts.worker.dedup;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.worker.cache.CacheKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-duplication across concurrently running workers. Within the process, identical calls share one
 * flight; that flight takes a Redis lock ({@code SET key token NX PX ttl} at {@link RedisKeys#inFlight})
 * before producing. Other workers poll the cache with backoff while the lock exists; when it goes
 * (owner done, or crashed and its TTL ran out) they check the cache again and, on a miss, try the
 * lock themselves. Only the owner's token releases or renews a lock. If Redis fails, the value is
 * produced without a lock: de-duplication saves money, it must not stop work.
 */
public final class RedisRequestDeduplicator implements RequestDeduplicator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRequestDeduplicator.class);
  private static final String RELEASE = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end""";
  private static final String RENEW = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end""";

  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> commands;
  private final DedupSettings settings;
  private final ScheduledExecutorService renewals;
  private final InProcessFlights flights = new InProcessFlights();

  private RedisRequestDeduplicator(StatefulRedisConnection<String, String> connection, DedupSettings settings) {
    this.connection = connection;
    this.commands = connection.sync();
    this.settings = settings;
    this.renewals = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("inflight-renewal")
        .factory());
  }

  /**
   * @param client from {@code RedisClientFactory}; stays owned by the caller
   * @throws IllegalStateException when Redis cannot be reached
   */
  public static RedisRequestDeduplicator connect(RedisClient client, DedupSettings settings) {
    StatefulRedisConnection<String, String> connection;
    try {
      connection = client.connect();
      connection.sync().ping();
    } catch (RedisException e) {
      throw new IllegalStateException("request de-duplication cannot reach Redis (" + e.getMessage()
          + "); check the Redis URI", e);
    }
    return new RedisRequestDeduplicator(connection, settings);
  }

  @Override
  public <T> Deduplicated<T> deduplicate(CacheKey key, Supplier<Optional<T>> lookup, Supplier<T> produce) {
    return flights.run(key, () -> acrossWorkers(key, lookup, produce));
  }

  @Override
  public void close() {
    renewals.shutdownNow();
    connection.close();
  }

  private <T> Deduplicated<T> acrossWorkers(CacheKey key, Supplier<Optional<T>> lookup, Supplier<T> produce) {
    String lock = RedisKeys.inFlight(key.scope(), key.hash());
    Instant deadline = Instant.now().plus(settings.maxWait());
    Duration pause = settings.firstPoll();
    while (true) {
      Optional<T> found = lookup.get();
      if (found.isPresent()) {
        return Deduplicated.cached(found.get());
      }
      String token = UUID.randomUUID().toString();
      boolean acquired;
      try {
        acquired = "OK".equals(commands.set(lock, token, SetArgs.Builder.nx().px(settings.lockTtl().toMillis())));
      } catch (RedisException e) {
        LOG.warn("in-flight lock {} unavailable, producing without it: {}", lock, e.toString());
        return Deduplicated.produced(produce.get());
      }
      if (acquired) {
        return produceHolding(lock, token, lookup, produce);
      }
      while (isHeld(lock)) {
        if (Instant.now().isAfter(deadline)) {
          LOG.warn("waited {} for the owner of {}; producing here", settings.maxWait(), lock);
          return Deduplicated.produced(produce.get());
        }
        sleep(pause, lock);
        pause = min(pause.multipliedBy(2), settings.maxPoll());
        found = lookup.get();
        if (found.isPresent()) {
          return Deduplicated.cached(found.get());
        }
      }
    }
  }

  private <T> Deduplicated<T> produceHolding(String lock, String token, Supplier<Optional<T>> lookup,
      Supplier<T> produce) {
    long every = Math.max(1, settings.lockTtl().toMillis() / 3);
    ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(lock, token), every, every,
        TimeUnit.MILLISECONDS);
    try {
      // A peer may have stored the value between our miss and taking the lock.
      Optional<T> found = lookup.get();
      return found.isPresent() ? Deduplicated.cached(found.get()) : Deduplicated.produced(produce.get());
    } finally {
      renewal.cancel(false);
      release(lock, token);
    }
  }

  private boolean isHeld(String lock) {
    try {
      return commands.exists(lock) > 0;
    } catch (RedisException e) {
      // Cannot see the lock: go round again, where taking it fails too and we produce ourselves.
      return false;
    }
  }

  private void renew(String lock, String token) {
    try {
      Long renewed = commands.eval(RENEW, ScriptOutputType.INTEGER, new String[] {lock}, token,
          String.valueOf(settings.lockTtl().toMillis()));
      if (renewed == null || renewed == 0) {
        LOG.warn("in-flight lock {} was lost before the value was produced; a peer may produce it too", lock);
      }
    } catch (RedisException e) {
      LOG.warn("could not renew in-flight lock {}: {}", lock, e.toString());
    }
  }

  private void release(String lock, String token) {
    try {
      commands.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {lock}, token);
    } catch (RedisException e) {
      LOG.warn("could not release in-flight lock {}; it expires by its TTL: {}", lock, e.toString());
    }
  }

  private static void sleep(Duration pause, String lock) {
    // Jitter keeps the waiters of one lock from polling in step.
    long millis = pause.toMillis() / 2 + ThreadLocalRandom.current().nextLong(pause.toMillis() / 2 + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for in-flight lock " + lock, e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
