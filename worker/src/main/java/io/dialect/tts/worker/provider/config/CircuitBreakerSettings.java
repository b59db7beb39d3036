package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * When a provider (or one of its keys) is taken out of the chain for a while.
 *
 * @param failureRateThreshold percent of failed calls in the window that opens the breaker
 * @param minimumCalls         calls needed before the rate is judged
 * @param slidingWindowSize    calls in the count-based window
 * @param openFor              how long an open breaker skips the provider before probing it again
 */
public record CircuitBreakerSettings(
    Float failureRateThreshold,
    Integer minimumCalls,
    Integer slidingWindowSize,
    @JsonDeserialize(using = DurationText.class) Duration openFor) {

  public static final CircuitBreakerSettings DEFAULT = new CircuitBreakerSettings(null, null, null, null);

  public CircuitBreakerSettings {
    failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
    minimumCalls = minimumCalls == null ? 10 : minimumCalls;
    slidingWindowSize = slidingWindowSize == null ? 20 : slidingWindowSize;
    openFor = openFor == null ? Duration.ofSeconds(30) : openFor;
  }
}
