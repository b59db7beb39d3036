package io.dialect.tts.usage.monitoring;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code tts_redis_up}: 1 when Redis answered a PING on the process's connection within a timeout, 0 otherwise.
 * The PING is sent when Prometheus scrapes, so the gauge is as fresh as the scrape and a Redis that hangs
 * (not only one that refuses connections) reads 0. Ledgers, quota limits, progress and the shared rate
 * limits live in Redis: the chart alerts on it (TTSRedisUnavailable).
 */
public final class RedisUpGauge implements AutoCloseable {
  public static final String NAME = "tts.redis.up";

  private final MeterRegistry registry;
  private final Gauge gauge;

  /**
   * @param component which process the value is about ({@code operator}, {@code gateway}), a tag
   * @param timeout   how long a PING may take before Redis counts as down; keep it under the scrape timeout
   */
  public RedisUpGauge(MeterRegistry registry, String component, StatefulRedisConnection<String, String> redis,
      Duration timeout) {
    this.registry = registry;
    this.gauge = Gauge.builder(NAME, () -> answers(redis, timeout) ? 1 : 0)
        .description("1 when Redis answered a PING within " + timeout.toMillis() + " ms at this scrape, else 0")
        .tag("component", component)
        .register(registry);
  }

  /** Whether Redis answers a PING on this connection within the timeout. */
  public static boolean answers(StatefulRedisConnection<String, String> redis, Duration timeout) {
    try {
      return "PONG".equals(redis.async().ping().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }

  /** Removes the gauge, so that a closed connection is not reported as Redis being down. */
  @Override
  public void close() {
    registry.remove(gauge);
  }
}
