package io.dialect.tts.worker.engine;

/**
 * Counts what a job was billed, at the moment the provider call that was billed returns (not when the
 * item is written): a shard pod that dies after the vendor answered cannot lose the count.
 */
@FunctionalInterface
public interface BillingMeter {
  BillingMeter NONE = (provider, characters, calls) -> { };

  /** {@code characters} billed by {@code provider} over {@code calls} upstream requests. */
  void billed(String provider, long characters, int calls);
}
