package io.dialect.tts.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.JobOutput;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.source.SourceEntry;
import io.dialect.tts.worker.source.SourceItem;
import io.dialect.tts.worker.synthesis.Audio;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An item the quota ledger refuses is held, not failed: asked for again until the ledger admits it, or
 * given up unrecorded when the shard stops (the operator suspended the job; a later pod does it).
 */
class QuotaHoldTest {
  @TempDir
  Path dir;

  private final List<ItemResult> recorded = new CopyOnWriteArrayList<>();
  private final LocalProgressCounters progress = new LocalProgressCounters();

  /** A synthesizer whose ledger refuses the first {@code refusals} calls. */
  private static Synthesizer refusing(int refusals, AtomicInteger calls) {
    return item -> {
      if (calls.incrementAndGet() <= refusals) {
        return new NotSynthesized(ItemStatus.QuotaExceeded, "QuotaExceeded", "daily character limit 100 reached", 0,
            "dongbei", "dongbei_laotie");
      }
      return new Synthesized(new Audio(new byte[] {1, 2, 3}, AudioFormat.MP3), "xiangyinge", false,
          item.text().length(), "none", null, "dongbei", "dongbei_laotie");
    };
  }

  private ShardRunner runner(Synthesizer synthesizer) {
    return new ShardRunner(new ItemPipeline(synthesizer, AudioFormat.MP3, JobOutput.directory(dir, "").audio(),
        EarlierResults.NONE), 2, progress, List.of(recorded::add));
  }

  private static Stream<SourceEntry> oneItem() {
    return Stream.of(new SourceEntry.Item(0, 1, new SourceItem("a", "老铁")));
  }

  @Test
  void aRefusedItemIsAskedForAgainAndRecordedOnceAdmitted() {
    AtomicInteger calls = new AtomicInteger();

    ShardSummary summary = runner(refusing(2, calls)).run(oneItem());

    assertThat(calls).hasValue(3);
    assertThat(recorded).singleElement().satisfies(r -> assertThat(r.entry().status()).isEqualTo(ItemStatus.Succeeded));
    assertThat(summary.failed()).as("never counted as failed").isZero();
    assertThat(progress.get(ProgressField.HELD)).as("no longer held").isZero();
  }

  @Test
  void aHeldItemIsGivenUpUnrecordedWhenTheShardStops() {
    AtomicInteger calls = new AtomicInteger();
    ShardRunner runner = runner(refusing(Integer.MAX_VALUE, calls));

    CompletableFuture<ShardSummary> run = CompletableFuture.supplyAsync(() -> runner.run(oneItem()));
    await().atMost(Duration.ofSeconds(10)).until(() -> progress.get(ProgressField.HELD) == 1);
    runner.stop();

    assertThatThrownBy(run::join).hasCauseInstanceOf(ShardStoppedException.class);
    assertThat(recorded).as("nothing recorded: the next pod does the item").isEmpty();
    assertThat(progress.get(ProgressField.FAILED)).isZero();
    assertThat(progress.get(ProgressField.HELD)).isZero();
  }
}
