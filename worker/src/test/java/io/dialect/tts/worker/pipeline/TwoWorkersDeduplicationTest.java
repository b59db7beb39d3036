package io.dialect.tts.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.worker.testing.FakeUpstream;
import io.dialect.tts.worker.testing.TestJobs;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.JobOutput;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.source.ItemSources;
import io.dialect.tts.worker.source.Shard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers (each its own assembly and Redis connections, as two pods would have) run the two
 * shards of one job at the same time; half of the items repeat a text another item has, across
 * shards. The vendor must see each unique request exactly once, and only one worker pays for it.
 */
class TwoWorkersDeduplicationTest {
  private static RedisServer redis;

  @TempDir
  Path dir;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start("two-workers");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void theUpstreamSeesEachUniqueRequestOnceWhenTwoWorkersRunAHalfDuplicateJob() throws Exception {
    int unique = 40;
    List<TTSItem> items = new ArrayList<>();
    for (int copy = 0; copy < 2; copy++) {
      for (int i = 0; i < unique; i++) {
        items.add(new TTSItem("item-" + copy + "-" + i, "老铁们好，第" + i + "句话。"));
      }
    }
    Collections.shuffle(items, new Random(7));
    TTSJob job = TestJobs.dongbei(items);

    try (FakeUpstream vendor = new FakeUpstream(150)) {
      Path keyFile = Files.writeString(dir.resolve("vendor-key"), "vendor-key-value");
      WorkerConfig config = WorkerConfig.parse("""
          providers:
            - name: xiangyinge
              type: xiangyinge
              baseUrl: %s
              keys: {primary: {file: %s}}
              timeouts: {connect: 2s, request: 30s}
              maxConcurrency: 16
          providerOrder: [xiangyinge]
          cache: {memory: {maxBytes: 1048576}, redis: {ttl: 1h}}
          dedup: {lockTtl: 10s, maxWait: 60s, firstPoll: 20ms, maxPoll: 200ms}
          concurrency: 8
          """.formatted(vendor.baseUrl(), keyFile));
      List<ManifestEntry> manifest = new CopyOnWriteArrayList<>();
      ExecutorService workers = Executors.newFixedThreadPool(2);
      List<Future<ShardSummary>> shards = new ArrayList<>();
      for (int index = 0; index < 2; index++) {
        Shard shard = new Shard(index, 2);
        shards.add(workers.submit(() -> {
          try (WorkerAssembly worker = WorkerAssembly.create(config,
              new WorkerAssembly.Environment(redis.uri(), null, null, null), new SimpleMeterRegistry(),
              new PrintStream(OutputStream.nullOutputStream()))) {
            JobOutput output = JobOutput.directory(dir.resolve("out"), "");
            LocalProgressCounters progress = new LocalProgressCounters();
            return worker.localRunnerFor(job, output.audio(), EarlierResults.NONE, progress, progress,
                    List.of(result -> manifest.add(result.entry())))
                .run(ItemSources.open(ItemSources.forJob(job.getSpec(), dir, object -> null), shard));
          }
        }));
      }
      long billed = 0;
      for (Future<ShardSummary> shard : shards) {
        billed += shard.get().billedCharacters();
      }
      workers.shutdown();

      assertThat(manifest).hasSize(2 * unique).allSatisfy(entry ->
          assertThat(entry.status()).as("item %s", entry.id()).isEqualTo(ItemStatus.Succeeded));
      assertThat(vendor.callsPerText()).as("upstream calls per unique text").hasSize(unique)
          .allSatisfy((text, calls) -> assertThat(calls.get()).as("calls for %s", text).isEqualTo(1));
      assertThat(vendor.calls()).isEqualTo(unique);
      long uniqueCharacters = items.stream().map(TTSItem::getText).distinct()
          .mapToLong(text -> text.codePointCount(0, text.length())).sum();
      assertThat(billed).as("each unique text billed once, to one of the workers").isEqualTo(uniqueCharacters);
      assertThat(manifest.stream().filter(entry -> entry.billedCharacters() > 0)).hasSize(unique);
      AtomicInteger written = new AtomicInteger();
      try (var files = Files.list(dir.resolve("out"))) {
        files.filter(file -> file.toString().endsWith(".mp3")).forEach(file -> written.incrementAndGet());
      }
      assertThat(written.get()).as("an audio file for every item, duplicates included").isEqualTo(2 * unique);
    }
  }
}
