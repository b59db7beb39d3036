package io.dialect.tts.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardTest {
  @TempDir
  Path dir;

  @Test
  void shardsSplitTheSourceWithoutOverlapAndAgreeOnDuplicatesWhicheverShardOwnsThem() throws IOException {
    // "a" first at ordinal 0 (shard 0), again at ordinal 3 (shard 1): shard 1 must still know it is a duplicate.
    Path file = Files.writeString(dir.resolve("items.jsonl"), """
        {"id":"a","text":"x"}
        {"id":"b","text":"x"}
        {"id":"c","text":"x"}
        {"id":"a","text":"again"}
        {"id":"d","text":"x"}
        """);
    ItemSource source = new ValidatedItemSource(new FileItemSource(file, SourceFormat.JSONL));

    List<SourceEntry> all = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      try (Stream<SourceEntry> entries = ItemSources.open(source, new Shard(index, 3))) {
        all.addAll(entries.toList());
      }
    }

    assertThat(all).extracting(SourceEntry::ordinal).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    assertThat(all).filteredOn(entry -> entry.ordinal() == 3).singleElement()
        .isInstanceOfSatisfying(SourceEntry.Problem.class,
            problem -> assertThat(problem.reason()).isEqualTo(ProblemReason.DuplicateId));
  }

  @Test
  void aShardIndexOutsideTheCountIsRefused() {
    assertThatThrownBy(() -> new Shard(3, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
