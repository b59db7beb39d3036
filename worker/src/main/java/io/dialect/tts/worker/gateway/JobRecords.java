package io.dialect.tts.worker.gateway;

import java.util.Set;

/** What the API server says about a shard's job now (not cached: both answers change as the job runs). */
public interface JobRecords {
  /** For a gateway without an API server (tests): the job always exists, no index is known complete. */
  JobRecords ASSUME_RUNNING = new JobRecords() {
    @Override
    public boolean exists(Shard shard) {
      return true;
    }

    @Override
    public Set<Integer> completedIndexes(Shard shard) {
      return Set.of();
    }
  };

  /** Whether the shard's TTSJob still exists (same uid). */
  boolean exists(Shard shard);

  /** The completion indexes the worker Job's controller counts as succeeded. */
  Set<Integer> completedIndexes(Shard shard);
}
