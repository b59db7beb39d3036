package io.dialect.tts.operator.launch;

/**
 * How a job is split: {@code shards} indexes of the batch Job (its completions), {@code parallelism}
 * of them at once. {@code knownItems} is the inline item count, or -1 when the items come from a source.
 */
public record ShardPlan(int shards, int parallelism, long knownItems) {
  public boolean itemsKnown() {
    return knownItems >= 0;
  }
}
