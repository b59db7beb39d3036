package io.dialect.tts.bench;

import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.testing.SimulatedVendor;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.JobOutput;
import io.dialect.tts.worker.pipeline.ShardSummary;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.source.ItemSources;
import io.dialect.tts.worker.source.Shard;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Items per second through the real worker (WorkerAssembly → ShardRunner → ItemPipeline → provider
 * over HTTP → directory sink) against {@link SimulatedVendor}: 50 ms per request (0 ms shows the
 * worker's own cost), at most 200 requests/s.
 * No Redis: the in-process memory tier and local de-duplication, as a local run has.
 * One operation is one item; one invocation runs a job of {@value #ITEMS} items.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PipelineBenchmark {
  static final int ITEMS = 200;
  static final int UPSTREAM_REQUESTS_PER_SECOND = 200;

  /** The worker's {@code concurrency} (items in flight); the provider's bulkhead is set to match. */
  @Param({"1", "4", "16"})
  public int concurrency;

  /** How long the vendor takes to answer an admitted request. */
  @Param({"50"})
  public long upstreamLatencyMillis;

  private SimulatedVendor upstream;
  private Path dir;
  private WorkerAssembly worker;
  private TTSJob warmJob;
  private TTSJob coldJob;
  private Path output;
  private int batch;
  private long refusedBefore;
  /** Items per provider over the trial: the local fallback serving means the vendor was shed. */
  private final Map<String, Long> servedBy = new ConcurrentHashMap<>();

  @Setup(Level.Trial)
  public void startWorker() throws IOException {
    upstream = SimulatedVendor.start().latencyMillis(upstreamLatencyMillis)
        .requestsPerSecond(UPSTREAM_REQUESTS_PER_SECOND);
    dir = Files.createTempDirectory("tts-bench-pipeline");
    Path keyFile = Files.writeString(dir.resolve("vendor-key"), "bench-vendor-key");
    WorkerConfig config = WorkerConfig.parse("""
        providers:
          - name: xiangyinge
            type: xiangyinge
            baseUrl: %s
            keys: {primary: {file: %s}}
            timeouts: {connect: 2s, request: 30s}
            maxConcurrency: %d
        providerOrder: [xiangyinge]
        cache: {memory: {maxBytes: 268435456}}
        concurrency: %d
        """.formatted(upstream.baseUrl(), keyFile, concurrency, concurrency));
    worker = WorkerAssembly.create(config, new WorkerAssembly.Environment(null, null, null, null),
        new SimpleMeterRegistry(), new PrintStream(OutputStream.nullOutputStream()));
    warmJob = job("warm");
    ShardSummary warmed = run(warmJob, Files.createTempDirectory(dir, "warm"));
    requireAllSucceeded(warmed, "warming the memory tier");
  }

  /** A fresh output directory per invocation: the sink's "already written" skip must not kick in. */
  @Setup(Level.Invocation)
  public void freshOutput() throws IOException {
    output = Files.createTempDirectory(dir, "out");
    coldJob = job("batch-" + batch++);
    refusedBefore = upstream.answered(429);
  }

  @TearDown(Level.Invocation)
  public void removeOutput() {
    delete(output);
  }

  @TearDown(Level.Trial)
  public void stopWorker() {
    System.out.printf("%nupstream: %d requests served, %d refused with 429 (concurrency %d); items by provider %s%n",
        upstream.answered(200), upstream.answered(429), concurrency, servedBy);
    worker.close();
    upstream.close();
    delete(dir);
  }

  /** Every item is new to the cache: one upstream request each. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public ShardSummary misses() {
    ShardSummary summary = requireAllSucceeded(run(coldJob, output), "cache misses");
    summary.providers().forEach((provider, items) -> servedBy.merge(provider, items, Long::sum));
    return summary;
  }

  /** The same items again with the memory tier warm: no upstream request at all. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public ShardSummary memoryHits() {
    ShardSummary summary = requireAllSucceeded(run(warmJob, output), "memory-tier hits");
    if (summary.cached() != ITEMS || upstream.answered(429) != refusedBefore) {
      throw new IllegalStateException("expected " + ITEMS + " cache hits, got " + summary);
    }
    return summary;
  }

  private ShardSummary run(TTSJob job, Path out) {
    LocalProgressCounters progress = new LocalProgressCounters();
    return worker.localRunnerFor(job, JobOutput.directory(out, "").audio(), EarlierResults.NONE, progress, progress,
            List.of())
        .run(ItemSources.open(ItemSources.forJob(job.getSpec(), dir, s3 -> null), Shard.WHOLE));
  }

  /** A number that counts failed items as throughput would be a lie: fail the run instead. */
  private static ShardSummary requireAllSucceeded(ShardSummary summary, String what) {
    if (summary.succeeded() != ITEMS) {
      throw new IllegalStateException(what + ": not every item succeeded: " + summary);
    }
    return summary;
  }

  /** A Dongbei job whose texts are unique to {@code batchName}, so another batch never hits its cache entries. */
  private static TTSJob job(String batchName) {
    List<TTSItem> items = new ArrayList<>(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      items.add(new TTSItem("item-" + i, batchName + "：老铁们好，今天咱们唠第" + i + "句嗑。"));
    }
    TTSJobSpec spec = new TTSJobSpec();
    spec.setDialect("dongbei");
    spec.setItems(items);
    TTSJob job = new TTSJob();
    job.setMetadata(new ObjectMetaBuilder().withName("bench").withNamespace("bench").withUid("uid-bench").build());
    job.setSpec(spec);
    return job;
  }

  private static void delete(Path root) {
    try {
      PathUtils.deleteDirectory(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
