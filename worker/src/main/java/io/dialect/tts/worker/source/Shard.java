package io.dialect.tts.worker.source;

import io.dialect.tts.api.WorkerPodContract;
import java.util.function.Predicate;

/**
 * One shard of a job: keeps the entries whose ordinal it owns. Apply it after validation, so that
 * every shard has seen every id before deciding which entry is a duplicate.
 */
public record Shard(int index, int count) implements Predicate<SourceEntry> {

  /** The whole job in one shard, as the local run does it. */
  public static final Shard WHOLE = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard index " + index + " is not within 0.." + (count - 1));
    }
  }

  @Override
  public boolean test(SourceEntry entry) {
    return WorkerPodContract.shardOwns(entry.ordinal(), index, count);
  }
}
