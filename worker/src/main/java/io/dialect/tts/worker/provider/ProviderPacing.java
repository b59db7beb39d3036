package io.dialect.tts.worker.provider;

import io.dialect.tts.usage.RateLimiterUnavailableException;
import io.dialect.tts.usage.SharedRateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Paces the calls to one provider. A vendor limits the whole account, so with Redis every gateway
 * replica draws from one {@link SharedRateLimiter} bucket; without Redis (a local run), or while Redis
 * cannot be reached, this process's own limiter paces alone - each replica then at the full rate, and the
 * vendor's 429s (retried after their Retry-After) absorb the excess until Redis is back.
 */
final class ProviderPacing {
  /** Micrometer name; Prometheus shows {@code tts_provider_rate_limit_wait_seconds{provider,outcome}}. */
  static final String WAIT = "tts.provider.rate.limit.wait";

  private final RateLimiter local;
  private final SharedRateLimiter shared;
  private final Duration maxWait;
  private final Counter localFallbacks;
  private final Timer permitted;
  private final Timer refused;

  /**
   * @param shared         the account-wide bucket, or null to pace this process alone
   * @param localFallbacks counts the calls paced locally because Redis could not be reached
   * @param meters         where the waits for a permit are timed, by outcome
   */
  ProviderPacing(RateLimiter local, SharedRateLimiter shared, Duration maxWait, Counter localFallbacks,
      MeterRegistry meters) {
    this.local = local;
    this.shared = shared;
    this.maxWait = maxWait;
    this.localFallbacks = localFallbacks;
    this.permitted = waits(meters, local.getName(), "permitted");
    this.refused = waits(meters, local.getName(), "refused");
  }

  private static Timer waits(MeterRegistry meters, String provider, String outcome) {
    return Timer.builder(WAIT)
        .description("Time a call waited for the provider's rate limit (shared or local): permitted, or refused "
            + "after maxWait (the call then fails over)")
        .tag("provider", provider)
        .tag("outcome", outcome)
        .register(meters);
  }

  /** Returns once the call may go; throws {@link RequestNotPermitted} when no permit comes within maxWait. */
  void awaitPermit() {
    long start = System.nanoTime();
    try {
      acquire();
      permitted.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    } catch (RequestNotPermitted e) {
      refused.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      throw e;
    }
  }

  private void acquire() {
    if (shared != null) {
      try {
        if (shared.acquire(maxWait)) {
          return;
        }
        throw RequestNotPermitted.createRequestNotPermitted(local);
      } catch (RateLimiterUnavailableException e) {
        localFallbacks.increment();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RequestNotPermitted.createRequestNotPermitted(local);
      }
    }
    RateLimiter.waitForPermission(local);
  }
}
