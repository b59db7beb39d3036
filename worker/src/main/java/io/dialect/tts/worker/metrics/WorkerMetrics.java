package io.dialect.tts.worker.metrics;

import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.output.ItemStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-synthesis metrics (the engine records them, in the gateway or the local run) under the names docs/operations.md documents:
 * {@code tts_requests_total{namespace,dialect,voice,provider,status}}, {@code tts_request_duration_seconds}
 * (a histogram, so Prometheus can compute P95 across replicas) and
 * {@code tts_characters_billed_total{namespace,dialect,provider}}. {@code namespace} is the paying team's:
 * the gateway serves every team from the platform's namespace, so the scrape target cannot say whose
 * request it was (the ServiceMonitor honours this label).
 */
public final class WorkerMetrics {
  public static final String REQUESTS = "tts.requests";
  public static final String DURATION = "tts.request.duration";
  public static final String BILLED_CHARACTERS = "tts.characters.billed";
  private static final String NONE = "none";

  private final MeterRegistry registry;
  // Each item records three meters; building and registering them by name and tags every time cost more
  // than a memory-tier hit itself. The meters are kept here by their tag values instead.
  private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> durations = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> billed = new ConcurrentHashMap<>();

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void synthesized(String namespace, SynthesisOutcome outcome, long millis) {
    String dialect = String.valueOf(outcome.dialect());
    String provider = outcome instanceof Synthesized s && s.provider() != null ? s.provider() : NONE;
    String status = outcome instanceof NotSynthesized failed ? failed.status().name() : ItemStatus.Succeeded.name();
    String voice = String.valueOf(outcome.voice());
    requests.computeIfAbsent(List.of(namespace, dialect, voice, provider, status), tags -> Counter.builder(REQUESTS)
        .description("Items synthesized, by paying namespace, dialect, voice, serving provider and outcome")
        .tag("namespace", namespace).tag("dialect", dialect).tag("voice", voice).tag("provider", provider)
        .tag("status", status)
        .register(registry)).increment();
    durations.computeIfAbsent(List.of(dialect, provider), tags -> Timer.builder(DURATION)
        .description("Wall time per item, cache hits included")
        .tag("dialect", dialect).tag("provider", provider)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry)).record(millis, TimeUnit.MILLISECONDS);
    if (outcome.billedCharacters() > 0) {
      billed.computeIfAbsent(List.of(namespace, dialect, provider), tags -> Counter.builder(BILLED_CHARACTERS)
          .description("Characters sent to paid providers (cache hits and the local engine are free)")
          .tag("namespace", namespace).tag("dialect", dialect).tag("provider", provider)
          .register(registry)).increment(outcome.billedCharacters());
    }
  }

  public MeterRegistry registry() {
    return registry;
  }
}
