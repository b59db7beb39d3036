package io.dialect.tts.worker.progress;

import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.engine.BillingMeter;
import io.dialect.tts.worker.output.ManifestEntry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** In-memory counters for the local run: they feed the progress bar and the closing summary. */
public final class LocalProgressCounters implements ProgressCounters, BillingMeter {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  /** The local run is one attempt: everything starts from zero. */
  @Override
  public void reset() {
    counters.clear();
  }

  @Override
  public void discovered() {
    add(ProgressField.TOTAL, 1);
  }

  @Override
  public void finished(ManifestEntry entry) {
    ProgressDelta.of(entry).forEach(this::add);
  }

  @Override
  public void billed(long characters) {
    add(ProgressField.CHARACTERS_BILLED, characters);
  }

  @Override
  public void sourceDone() {
    add(ProgressField.SOURCE_DONE, 1);
  }

  @Override
  public void held(long change) {
    add(ProgressField.HELD, change);
  }

  /** Every field's value now. */
  public Map<String, Long> totals() {
    Map<String, Long> totals = new TreeMap<>();
    counters.forEach((field, adder) -> totals.put(field, adder.sum()));
    return totals;
  }

  public long get(String field) {
    LongAdder adder = counters.get(field);
    return adder == null ? 0 : adder.sum();
  }

  /** Items served by each provider, by provider name. */
  public Map<String, Long> providers() {
    Map<String, Long> providers = new TreeMap<>();
    counters.forEach((field, adder) -> {
      if (field.startsWith(ProgressField.PROVIDER_PREFIX)) {
        providers.put(field.substring(ProgressField.PROVIDER_PREFIX.length()), adder.sum());
      }
    });
    return providers;
  }

  public long finishedItems() {
    return get(ProgressField.SUCCEEDED) + get(ProgressField.FAILED);
  }

  private void add(String field, long amount) {
    counters.computeIfAbsent(field, f -> new LongAdder()).add(amount);
  }
}
