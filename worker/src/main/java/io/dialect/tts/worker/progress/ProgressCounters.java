package io.dialect.tts.worker.progress;

import io.dialect.tts.worker.output.ManifestEntry;

/**
 * Where a shard counts how its items ended: through the gateway into Redis for the operator (a pod),
 * in memory for the local run. Item counts start again with every attempt of the shard (it recounts
 * every item, including those found written). What was billed is not counted here: the engine counts
 * it when the bill happens ({@link io.dialect.tts.worker.engine.BillingMeter}).
 */
public interface ProgressCounters {

  /** Starts this shard's item counts from zero; what earlier attempts billed stays. */
  void reset();

  /** One more item belongs to this shard. */
  void discovered();

  /** An item ended (any status). */
  void finished(ManifestEntry entry);

  /** The shard has read its whole source: its total is final. */
  void sourceDone();

  /** {@code change} more (negative: fewer) items wait because the quota ledger refused them for now. */
  void held(long change);
}
