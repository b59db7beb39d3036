package io.dialect.tts.worker.engine;

import io.dialect.tts.usage.UsedUpLimit;

/**
 * Counts what a job was billed, at the moment the provider call that was billed returns (not when the
 * item is written): a shard pod that dies after the vendor answered cannot lose the count. Also hears
 * when the quota ledger refused one of the job's items, so the operator can suspend the job.
 */
@FunctionalInterface
public interface BillingMeter {
  BillingMeter NONE = characters -> { };

  /** {@code characters} were billed for an item of the job. */
  void billed(long characters);

  /** The ledger refused an item of the job: {@code limit} is used up for now. */
  default void refused(UsedUpLimit limit) {
  }
}
