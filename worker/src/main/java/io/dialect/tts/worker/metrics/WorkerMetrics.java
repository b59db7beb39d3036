package io.dialect.tts.worker.metrics;

import io.dialect.tts.worker.output.ManifestEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Per-item metrics in DESIGN's names: {@code tts_requests_total{dialect,voice,provider,status}},
 * {@code tts_request_duration_seconds} (a histogram, so Prometheus can compute P95 across pods) and
 * {@code tts_characters_billed_total{dialect,provider}}.
 */
public final class WorkerMetrics {
  public static final String REQUESTS = "tts.requests";
  public static final String DURATION = "tts.request.duration";
  public static final String BILLED_CHARACTERS = "tts.characters.billed";
  private static final String NONE = "none";

  private final MeterRegistry registry;

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void itemFinished(String dialect, String voice, ManifestEntry entry) {
    String provider = entry.provider() == null ? NONE : entry.provider();
    Counter.builder(REQUESTS)
        .description("Items synthesized, by dialect, voice, serving provider and outcome")
        .tag("dialect", dialect).tag("voice", voice).tag("provider", provider).tag("status", entry.status().name())
        .register(registry).increment();
    Timer.builder(DURATION)
        .description("Wall time per item, cache hits included")
        .tag("dialect", dialect).tag("provider", provider)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry).record(Duration.ofMillis(entry.durationMs()));
    if (entry.billedCharacters() > 0) {
      Counter.builder(BILLED_CHARACTERS)
          .description("Characters sent to paid providers (cache hits and the local engine are free)")
          .tag("dialect", dialect).tag("provider", provider)
          .register(registry).increment(entry.billedCharacters());
    }
  }

  public MeterRegistry registry() {
    return registry;
  }
}
