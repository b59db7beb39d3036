package io.dialect.tts.worker.provider;

import io.dialect.tts.usage.SharedRateLimiter;
import io.dialect.tts.worker.provider.config.RateLimitSettings;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The providers' account-wide rate-limit buckets in Redis, one per provider, shared by every gateway replica. */
public final class SharedLimits {
  private final StatefulRedisConnection<String, String> redis;
  private final MeterRegistry meters;

  /** @param redis a connection that fails fast while Redis is away (see {@link SharedRateLimiter}); the caller's */
  public SharedLimits(StatefulRedisConnection<String, String> redis, MeterRegistry meters) {
    this.redis = redis;
    this.meters = meters;
  }

  SharedRateLimiter bucket(String provider, RateLimitSettings settings) {
    return new SharedRateLimiter(redis, SharedRateLimiter.keyFor(provider), settings.requestsPerSecond(),
        settings.burst());
  }

  Counter localFallbacks(String provider) {
    return Counter.builder("tts_provider_rate_limit_local_fallbacks")
        .description("Calls paced by this replica alone because the shared rate limit in Redis could not be reached")
        .tag("provider", provider)
        .register(meters);
  }
}
