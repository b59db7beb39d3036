package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * Retries of retryable failures (5xx, 429, timeouts, resets) with exponential backoff and jitter.
 *
 * @param maxAttempts    calls in all, the first included
 * @param maxRetryAfter  a {@code Retry-After} longer than this is not waited for: the chain fails over instead
 */
public record RetrySettings(
    Integer maxAttempts,
    @JsonDeserialize(using = DurationText.class) Duration initialBackoff,
    @JsonDeserialize(using = DurationText.class) Duration maxBackoff,
    Double multiplier,
    @JsonDeserialize(using = DurationText.class) Duration maxRetryAfter) {

  public static final RetrySettings DEFAULT = new RetrySettings(null, null, null, null, null);

  public RetrySettings {
    maxAttempts = maxAttempts == null ? 3 : maxAttempts;
    initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
    multiplier = multiplier == null ? 2.0 : multiplier;
    maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(30) : maxRetryAfter;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("retry.maxAttempts must be at least 1");
    }
  }
}
