package io.dialect.tts.bench.targets;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.testing.SimulatedVendor;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.engine.BillingMeter;
import io.dialect.tts.worker.engine.JobContext;
import io.dialect.tts.worker.engine.SynthesisEngine;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.dialect.tts.worker.source.SourceItem;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/** P1 (misses at the vendor's limit) and P2 (hits at the cache's speed) on the shard pods' data path. */
final class DataPathTargets {
  /** The vendor of the measurements: 100 ms, a 500 requests/s token bucket, 24 KB answers. */
  static final DataPathRig.VendorShape VENDOR = new DataPathRig.VendorShape(100, 500, 50, 24 * 1024);
  static final int WORKERS = 4;
  /** Items in flight per worker: 64 in all, as in the runs. */
  static final int CONCURRENCY = 16;

  private final Path dir;
  private final int items;
  private final int runs;
  private final DataPathRig.GatewayShape gateway;
  private final DataPathRig.VendorShape vendor;

  /**
   * @param gateway how the gateway is set up: its provider rate limit, and no memory tier (so P2's hits
   *                come from Redis)
   */
  DataPathTargets(Path dir, int items, int runs, DataPathRig.VendorShape vendor, DataPathRig.GatewayShape gateway) {
    this.dir = dir;
    this.vendor = vendor;
    this.items = items;
    this.runs = runs;
    this.gateway = gateway;
  }

  /** P1 and P2 in one rig: each P2 run reads back what a P1 run made. */
  List<Figure> measure(boolean misses, boolean hits) throws Exception {
    List<Double> missRates = new ArrayList<>();
    List<Double> refused = new ArrayList<>();
    List<Double> vendorLimits = new ArrayList<>();
    List<Double> hitRates = new ArrayList<>();
    List<Double> redisGets = new ArrayList<>();
    List<Double> diskWrites = new ArrayList<>();
    try (DataPathRig rig = DataPathRig.start(Files.createDirectories(dir.resolve("data-path")), vendor, gateway)) {
      // A gateway is a long-running Deployment: warm its JIT before measuring (the worker pods start cold, as
      // they do in a cluster).
      List<String> warmUp = texts("warm-up", 2_000);
      rig.run("warm-up-misses", warmUp, WORKERS, CONCURRENCY, "512m").requireComplete();
      rig.run("warm-up-hits", warmUp, WORKERS, CONCURRENCY, "512m").requireComplete();
      for (int run = 1; run <= runs; run++) {
        List<String> texts = texts("run" + run, items);
        vendorLimits.add(Ceilings.vendorLimit(rig.vendor, Duration.ofSeconds(5)));
        Thread.sleep(1_000);
        JobRun made = rig.run("misses-" + run, texts, WORKERS, CONCURRENCY, "512m").requireComplete();
        report(made);
        missRates.add(made.sustainedRate());
        refused.add(100 * made.refusedShare());
        if (hits) {
          redisGets.add(Ceilings.redisGet(rig.redis, vendor.answerBytes()));
          diskWrites.add(Ceilings.diskWrites(dir.resolve("disk-ceiling"), vendor.answerBytes(), Duration.ofSeconds(3)));
          JobRun readBack = rig.run("hits-" + run, texts, WORKERS, CONCURRENCY, "512m").requireComplete();
          report(readBack);
          if (readBack.vendorServed() != 0) {
            throw new IllegalStateException("the hit run called the vendor " + readBack.vendorServed() + " times");
          }
          hitRates.add(readBack.sustainedRate());
        }
      }
    }
    List<Figure> figures = new ArrayList<>();
    if (misses) {
      double[] rates = Figure.of(missRates);
      double[] limits = Figure.of(vendorLimits);
      double[] refusals = Figure.of(refused);
      figures.add(new Figure("P1", "misses, " + WORKERS + " workers × " + CONCURRENCY + " in flight, " + items
          + " new texts, vendor limit " + vendor.requestsPerSecond() + "/s", "items/s", rates, "items/s vendor limit", limits, "≥ 95 % of the vendor's limit",
          Figure.median(rates) >= 0.95 * Figure.median(limits), ""));
      figures.add(new Figure("P1", "answers that were 429", "%", refusals, "", new double[0], "≤ 1 %",
          Figure.median(refusals) <= 1.0, ""));
    }
    if (hits) {
      double[] rates = Figure.of(hitRates);
      double[] gets = Figure.of(redisGets);
      figures.add(new Figure("P2", "Redis hits, same " + items + " texts, files + manifest written", "items/s", rates,
          "GET/s redis-benchmark 24 KB", gets, "≥ 30 % of redis-benchmark GET",
          Figure.median(rates) >= 0.30 * Figure.median(gets),
          String.format(Locale.ROOT, "disk ceiling %s files/s", Figure.number(Figure.median(Figure.of(diskWrites))))));
      figures.add(memoryTierHits());
    }
    return figures;
  }

  /**
   * P2's memory tier: items the gateway's engine serves from its in-process tier, per second, on two
   * threads (the machine's cores), after one warm-up pass through the vendor. No files: the engine's path alone.
   */
  private Figure memoryTierHits() throws Exception {
    List<Double> rates = new ArrayList<>();
    try (SimulatedVendor vendor = SimulatedVendor.start().answerBytes(VENDOR.answerBytes())) {
      Path keyFile = Files.writeString(Files.createDirectories(dir.resolve("memory-tier")).resolve("key"), "k");
      WorkerConfig config = WorkerConfig.parse("""
          providers:
            - {name: xiangyinge, type: xiangyinge, baseUrl: %s, keys: {primary: {file: %s}}}
          providerOrder: [xiangyinge]
          cache: {memory: {maxBytes: 268435456}}
          """.formatted(vendor.baseUrl(), keyFile));
      try (WorkerAssembly assembly = WorkerAssembly.create(config, new WorkerAssembly.Environment(null, null, null,
          null), new SimpleMeterRegistry(), new PrintStream(OutputStream.nullOutputStream()))) {
        SynthesisEngine engine = assembly.engine();
        JobContext job = JobContext.of(job(), assembly.config().catalog(), BillingMeter.NONE);
        List<String> texts = texts("memory", 2_000);
        List<SourceItem> warm = IntStream.range(0, texts.size())
            .mapToObj(i -> new SourceItem("i-" + i, texts.get(i))).toList();
        warm.parallelStream().forEach(item -> require(engine.synthesize(job, item)));
        for (int run = 0; run < runs; run++) {
          rates.add(hitsPerSecond(engine, job, warm, Duration.ofSeconds(3)));
        }
      }
    }
    double[] values = Figure.of(rates);
    return new Figure("P2", "memory-tier hits (the gateway's engine, 2 threads)", "items/s", values, "", new double[0],
        "≥ 50,000 items/s", Figure.median(values) >= 50_000, "");
  }

  private static double hitsPerSecond(SynthesisEngine engine, JobContext job, List<SourceItem> items, Duration duration)
      throws InterruptedException {
    AtomicLong served = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int offset = t;
      threads.add(Thread.ofPlatform().start(() -> {
        int i = offset;
        while (System.nanoTime() < end) {
          SynthesisOutcome outcome = engine.synthesize(job, items.get(i++ % items.size()));
          if (!(outcome instanceof SynthesisOutcome.Synthesized made) || ManifestEntry.NO_CACHE.equals(made.cacheTier())) {
            throw new IllegalStateException("not a cache hit: " + outcome);
          }
          served.incrementAndGet();
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return served.get() / (duration.toNanos() / 1e9);
  }

  private static void require(SynthesisOutcome outcome) {
    if (!(outcome instanceof SynthesisOutcome.Synthesized)) {
      throw new IllegalStateException("warm-up item not synthesized: " + outcome);
    }
  }

  private static TTSJob job() {
    return Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: memory-tier, namespace: bench, uid: u-1}
        spec: {dialect: dongbei, format: mp3}
        """, TTSJob.class);
  }

  /** Dongbei lines unique to {@code tag}, ~24 characters each. */
  static List<String> texts(String tag, int count) {
    return IntStream.range(0, count).mapToObj(i -> tag + "：老铁们好，今天咱们唠第" + i + "句嗑。").toList();
  }

  private static void report(JobRun run) {
    System.out.printf(Locale.ROOT, "  %s: %d items in %.1f s (%.0f items/s launch to exit, %.0f sustained), first audio "
            + "after %.1f s; vendor %d served, %d refused with 429; CPU per item: workers %.2f ms, gateway + vendor "
            + "%.2f ms%n", run.name(), run.items(), run.seconds(), run.wallRate(), run.sustainedRate(),
        run.firstAudioSeconds(), run.vendorServed(), run.vendorRefused(), 1000 * run.workerCpuSeconds() / run.items(),
        1000 * run.gatewayCpuSeconds() / run.items());
  }
}
