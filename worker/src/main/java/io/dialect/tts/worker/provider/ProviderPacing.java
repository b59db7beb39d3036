package io.dialect.tts.worker.provider;

import io.dialect.tts.usage.RateLimiterUnavailableException;
import io.dialect.tts.usage.SharedRateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;

/**
 * Paces the calls to one provider. A vendor limits the whole account, so with Redis every gateway
 * replica draws from one {@link SharedRateLimiter} bucket; without Redis (a local run), or while Redis
 * cannot be reached, this process's own limiter paces alone - each replica then at the full rate, and the
 * vendor's 429s (retried after their Retry-After) absorb the excess until Redis is back.
 */
final class ProviderPacing {
  private final RateLimiter local;
  private final SharedRateLimiter shared;
  private final Duration maxWait;
  private final Counter localFallbacks;

  /**
   * @param shared         the account-wide bucket, or null to pace this process alone
   * @param localFallbacks counts the calls paced locally because Redis could not be reached
   */
  ProviderPacing(RateLimiter local, SharedRateLimiter shared, Duration maxWait, Counter localFallbacks) {
    this.local = local;
    this.shared = shared;
    this.maxWait = maxWait;
    this.localFallbacks = localFallbacks;
  }

  /** Returns once the call may go; throws {@link RequestNotPermitted} when no permit comes within maxWait. */
  void awaitPermit() {
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
