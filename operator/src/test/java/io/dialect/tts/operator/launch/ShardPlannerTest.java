package io.dialect.tts.operator.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSSource;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {
  private final ShardPlanner planner = new ShardPlanner(25, 4, 16);

  private static TTSJobSpec inline(int items, int parallelism) {
    TTSJobSpec spec = new TTSJobSpec();
    spec.setItems(IntStream.range(0, items).mapToObj(i -> new TTSItem("i" + i, "t")).toList());
    spec.setParallelism(parallelism);
    return spec;
  }

  @Test
  void inlineItemsMakeOneShardPerItemsPerShardRoundedUp() {
    assertThat(planner.plan(inline(51, 8), Integer.MAX_VALUE)).isEqualTo(new ShardPlan(3, 3, 51));
  }

  @Test
  void aSingleItemStillGetsOneShard() {
    assertThat(planner.plan(inline(1, 4), Integer.MAX_VALUE)).isEqualTo(new ShardPlan(1, 1, 1));
  }

  @Test
  void shardsAreCappedAtMaxShardsPerPodTimesParallelism() {
    assertThat(planner.plan(inline(100, 1), Integer.MAX_VALUE).shards()).as("1 pod x 4 shards").isEqualTo(4);
  }

  @Test
  void parallelismIsCappedByTheOperatorAndByAdmission() {
    assertThat(planner.plan(inline(100, 64), Integer.MAX_VALUE).parallelism()).as("operator cap 16").isEqualTo(4);
    TTSJobSpec source = new TTSJobSpec();
    source.setSource(new TTSSource());
    source.setParallelism(64);
    assertThat(planner.plan(source, Integer.MAX_VALUE)).as("source jobs: one shard per pod")
        .isEqualTo(new ShardPlan(16, 16, -1));
    assertThat(planner.plan(source, 3)).as("admission cap").isEqualTo(new ShardPlan(3, 3, -1));
  }

  @Test
  void aRunningJobsParallelismFollowsItsSpecWithinTheQuotaAndItsShards() {
    assertThat(planner.parallelism(inline(100, 3), Integer.MAX_VALUE, 4)).as("the spec's").isEqualTo(3);
    assertThat(planner.parallelism(inline(100, 8), 2, 4)).as("the quota's maxParallelismPerJob").isEqualTo(2);
    assertThat(planner.parallelism(inline(100, 8), Integer.MAX_VALUE, 4)).as("never above the shards").isEqualTo(4);
    assertThat(planner.parallelism(inline(100, 64), Integer.MAX_VALUE, 40)).as("the operator's cap").isEqualTo(16);
  }
}
