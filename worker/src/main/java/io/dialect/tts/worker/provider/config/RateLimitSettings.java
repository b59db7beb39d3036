package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * Requests per second this worker sends to the provider; a call waits at most {@code maxWait}
 * for a permit (default: one second).
 */
public record RateLimitSettings(
    Integer requestsPerSecond,
    @JsonDeserialize(using = DurationText.class) Duration maxWait) {

  public RateLimitSettings {
    if (requestsPerSecond == null || requestsPerSecond < 1) {
      throw new IllegalArgumentException("rateLimit.requestsPerSecond must be at least 1");
    }
    maxWait = maxWait == null ? Duration.ofSeconds(1) : maxWait;
  }
}
