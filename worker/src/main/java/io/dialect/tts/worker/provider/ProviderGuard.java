package io.dialect.tts.worker.provider;

import io.dialect.tts.worker.provider.ProviderException.Kind;
import io.dialect.tts.worker.provider.ProviderRegistry.Entry;
import io.dialect.tts.worker.provider.config.CircuitBreakerSettings;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.provider.config.RetrySettings;
import io.dialect.tts.worker.synthesis.Audio;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The resilience4j decoration of one provider, built from its settings: a retry (exponential
 * backoff with jitter, honouring {@code Retry-After}, only for retryable failures) around a
 * provider breaker (opened by retryable failures) around a breaker per key (opened by refusals)
 * around the pacing (the account-wide rate limit, see {@link ProviderPacing}) around the bulkhead around
 * the call.
 */
final class ProviderGuard {
  static final String NO_KEY = "none";
  private static final double JITTER = 0.5;
  private static final int RATE_LIMITED = 429;

  private final CircuitBreaker providerBreaker;
  private final Map<String, CircuitBreaker> keyBreakers = new HashMap<>();
  private final Retry retry;
  private final ProviderPacing pacing;
  private final Bulkhead bulkhead;

  /**
   * @param sharedLimits the account-wide bucket of a provider with a rate limit; null without Redis
   * @param meters       where the waits for the rate limit are timed
   */
  ProviderGuard(Entry entry, CircuitBreakerRegistry breakers, RetryRegistry retries, RateLimiterRegistry limiters,
      BulkheadRegistry bulkheads, SharedLimits sharedLimits, MeterRegistry meters) {
    ProviderSettings s = entry.settings();
    String name = entry.name();
    // A 429 says "slow down", not "down": it is retried after its Retry-After, but it never opens the breaker,
    // or a burst over the vendor's rate limit would send the whole job to the degraded local fallback.
    providerBreaker = breakers.circuitBreaker(name, breakerConfig(s.circuitBreaker(),
        kind(Kind.RETRYABLE).and(e -> !(e instanceof ProviderException p && p.status() == RATE_LIMITED))));
    CircuitBreakerConfig keyConfig = breakerConfig(s.circuitBreaker(), kind(Kind.KEY_REFUSED));
    entry.keys().forEach(k -> keyBreakers.put(k.name(), breakers.circuitBreaker(keyBreakerName(name, k.name()), keyConfig)));
    retry = retries.retry(name, retryConfig(s.retry()));
    pacing = s.rateLimit() == null ? null : new ProviderPacing(limiters.rateLimiter(name, RateLimiterConfig.custom()
            .limitForPeriod(s.rateLimit().requestsPerSecond())
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(s.rateLimit().maxWait())
            .build()),
        sharedLimits == null ? null : sharedLimits.bucket(name, s.rateLimit()),
        s.rateLimit().maxWait(),
        sharedLimits == null ? null : sharedLimits.localFallbacks(name), meters);
    bulkhead = bulkheads.bulkhead(name, BulkheadConfig.custom()
        .maxConcurrentCalls(s.maxConcurrency())
        .maxWaitDuration(s.timeouts().request())
        .build());
  }

  static String keyBreakerName(String provider, String key) {
    return provider + "/" + key;
  }

  Audio call(String keyName, Supplier<Audio> upstream) {
    Supplier<Audio> decorated = Bulkhead.decorateSupplier(bulkhead, upstream);
    if (pacing != null) {
      Supplier<Audio> limited = decorated;
      decorated = () -> {
        pacing.awaitPermit();
        return limited.get();
      };
    }
    CircuitBreaker keyBreaker = keyBreakers.get(keyName);
    if (keyBreaker != null) {
      decorated = CircuitBreaker.decorateSupplier(keyBreaker, decorated);
    }
    decorated = CircuitBreaker.decorateSupplier(providerBreaker, decorated);
    return Retry.decorateSupplier(retry, decorated).get();
  }

  /** A refused key is out until its breaker lets a probe through again: no need to wait for a failure rate. */
  void refuse(String keyName) {
    CircuitBreaker breaker = keyBreakers.get(keyName);
    if (breaker != null && breaker.getState() != CircuitBreaker.State.OPEN) {
      breaker.transitionToOpenState();
    }
  }

  boolean isKeyBreaker(String breakerName) {
    return keyBreakers.values().stream().anyMatch(b -> b.getName().equals(breakerName));
  }

  private static Predicate<Throwable> kind(Kind kind) {
    return e -> e instanceof ProviderException p && p.kind() == kind;
  }

  /** Records failures of one kind; every other ProviderException is ignored, neither failure nor success. */
  private static CircuitBreakerConfig breakerConfig(CircuitBreakerSettings s, Predicate<Throwable> failure) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(s.slidingWindowSize())
        .minimumNumberOfCalls(s.minimumCalls())
        .failureRateThreshold(s.failureRateThreshold())
        .waitDurationInOpenState(s.openFor())
        .permittedNumberOfCallsInHalfOpenState(1)
        .recordException(failure)
        .ignoreException(failure.negate().and(e -> e instanceof ProviderException))
        .build();
  }

  private static RetryConfig retryConfig(RetrySettings s) {
    IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(s.initialBackoff(), s.multiplier(), JITTER,
        s.maxBackoff());
    return RetryConfig.<Audio>custom()
        .maxAttempts(s.maxAttempts())
        .retryOnException(e -> e instanceof ProviderException p && p.kind() == Kind.RETRYABLE
            && p.retryAfter().map(wait -> wait.compareTo(s.maxRetryAfter()) <= 0).orElse(true))
        // The provider's Retry-After wins over our backoff when it asks for longer.
        .intervalBiFunction((attempt, outcome) -> {
          long ours = backoff.apply(attempt);
          long theirs = outcome.isLeft() && outcome.getLeft() instanceof ProviderException p
              ? p.retryAfter().map(Duration::toMillis).orElse(0L) : 0L;
          return Math.max(ours, theirs);
        })
        .build();
  }
}
