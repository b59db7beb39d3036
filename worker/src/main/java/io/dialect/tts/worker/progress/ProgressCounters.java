package io.dialect.tts.worker.progress;

import io.dialect.tts.worker.output.ManifestEntry;

/** Where a shard counts its progress: Redis for the operator in a pod, memory for the local run. */
public interface ProgressCounters {

  /** Starts this shard's counts from zero: a restarted shard recounts every item, including skipped ones. */
  void reset();

  /** One more item belongs to this shard. */
  void discovered();

  /** An item ended (any status). */
  void finished(ManifestEntry entry);

  /** The shard has read its whole source: its total is final. */
  void sourceDone();
}
