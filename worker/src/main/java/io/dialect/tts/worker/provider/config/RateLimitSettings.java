package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * How fast the provider may be called. With Redis (the gateway) the rate is the vendor account's, shared
 * by every gateway replica through one bucket; without Redis (a local run) it is this process's. A call
 * waits at most {@code maxWait} for a permit (default one second), then fails over to the next provider.
 *
 * @param requestsPerSecond sustained rate; keep it a little under the vendor's limit
 * @param burst             permits that may be taken at once after an idle spell (default 1)
 */
public record RateLimitSettings(
    Integer requestsPerSecond,
    Integer burst,
    @JsonDeserialize(using = DurationText.class) Duration maxWait) {

  public RateLimitSettings {
    if (requestsPerSecond == null || requestsPerSecond < 1) {
      throw new IllegalArgumentException("rateLimit.requestsPerSecond must be at least 1");
    }
    burst = burst == null ? 1 : burst;
    if (burst < 1) {
      throw new IllegalArgumentException("rateLimit.burst must be at least 1");
    }
    maxWait = maxWait == null ? Duration.ofSeconds(1) : maxWait;
  }
}
