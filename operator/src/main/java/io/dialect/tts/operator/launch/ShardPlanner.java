package io.dialect.tts.operator.launch;

import io.dialect.tts.api.v1alpha1.TTSJobSpec;

/**
 * Splits a job into shards. Inline jobs get one shard per {@code itemsPerShard} items, at least one,
 * at most {@code maxShardsPerPod} per worker pod (so a pod restart repeats little work, and the batch
 * Job stays small); source jobs, whose size is unknown until read, get one shard per pod. Parallelism
 * is the job's, capped by the operator's maximum and never above the shard count.
 */
public final class ShardPlanner {
  private final int itemsPerShard;
  private final int maxShardsPerPod;
  private final int maxParallelism;

  public ShardPlanner(int itemsPerShard, int maxShardsPerPod, int maxParallelism) {
    this.itemsPerShard = itemsPerShard;
    this.maxShardsPerPod = maxShardsPerPod;
    this.maxParallelism = maxParallelism;
  }

  /** {@code parallelismCap} is what admission allows (e.g. a quota's maxParallelismPerJob). */
  public ShardPlan plan(TTSJobSpec spec, int parallelismCap) {
    int parallelism = parallelism(spec, parallelismCap, Integer.MAX_VALUE);
    if (spec.getItems() == null) {
      return new ShardPlan(parallelism, parallelism, -1);
    }
    int items = spec.getItems().size();
    int byItems = Math.max(1, Math.ceilDiv(items, itemsPerShard));
    int shards = Math.min(byItems, parallelism * maxShardsPerPod);
    return new ShardPlan(shards, Math.min(parallelism, shards), items);
  }

  /**
   * How many of a job's {@code shards} run at once: its spec.parallelism, capped by the operator, by
   * {@code parallelismCap} (the quota's maxParallelismPerJob) and by the shards; at least one.
   */
  public int parallelism(TTSJobSpec spec, int parallelismCap, int shards) {
    int wanted = Math.min(spec.effectiveParallelism(), maxParallelism);
    return Math.max(1, Math.min(wanted, Math.min(parallelismCap, shards)));
  }
}
