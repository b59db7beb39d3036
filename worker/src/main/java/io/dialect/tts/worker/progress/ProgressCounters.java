package io.dialect.tts.worker.progress;

import io.dialect.tts.worker.output.ManifestEntry;

/**
 * Where a shard counts its progress: Redis for the operator in a pod, memory for the local run. Item
 * counts start again with every attempt of the shard (it recounts every item, including those found
 * written); billed characters accumulate over attempts, because each attempt's calls were paid.
 */
public interface ProgressCounters {

  /** Starts this shard's item counts from zero; what earlier attempts billed stays. */
  void reset();

  /** One more item belongs to this shard. */
  void discovered();

  /** An item ended (any status); {@code billedNow}: what this attempt paid for it (0 for an earlier attempt's). */
  void finished(ManifestEntry entry, long billedNow);

  /** The shard has read its whole source: its total is final. */
  void sourceDone();
}
