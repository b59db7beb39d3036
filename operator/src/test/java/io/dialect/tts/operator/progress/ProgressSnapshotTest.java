package io.dialect.tts.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressSnapshotTest {
  @Test
  void eachFieldIsTheSumOverItsWriters() {
    ProgressSnapshot snapshot = ProgressSnapshot.fromHash(Map.of(
        "succeeded@pod-a", "3", "succeeded@pod-b", "2", "failed", "1",
        "characters.billed@gateway-1", "30", "characters.billed@gateway-2", "12",
        "provider.xiangyinge@pod-a", "3", "provider.xiangyinge@pod-b", "1", "source.done", "1"));

    assertThat(snapshot.succeeded()).isEqualTo(5);
    assertThat(snapshot.failed()).as("a field without a writer").isEqualTo(1);
    assertThat(snapshot.charactersBilled()).as("billed by two gateway replicas").isEqualTo(42);
    assertThat(snapshot.providers()).containsExactly(Map.entry("xiangyinge", 4L));
    assertThat(snapshot.shardsDone()).isEqualTo(1);
    assertThat(snapshot.cached()).as("missing: zero").isZero();
  }
}
