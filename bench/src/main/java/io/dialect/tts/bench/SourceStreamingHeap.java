package io.dialect.tts.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory side of {@link SourceStreamingBenchmark}, which JMH's profilers do not show: heap
 * retained (used after a full GC) while one pass validates a generated JSONL source, sampled every
 * 100,000 lines. Run in its own JVM with a small heap, e.g.
 * {@code java -Xmx256m -cp bench/target/benchmarks.jar io.dialect.tts.bench.SourceStreamingHeap 1000000}.
 */
public final class SourceStreamingHeap {
  private static final int SAMPLE_EVERY = 100_000;

  private SourceStreamingHeap() {
  }

  public static void main(String[] args) throws IOException {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : SourceStreamingBenchmark.LINES;
    Path dir = Files.createTempDirectory("tts-bench-heap");
    try {
      LargeSource source = LargeSource.write(dir, lines);
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long baseline = retainedHeap(memory);
      AtomicLong seen = new AtomicLong();
      AtomicLong peakGrowth = new AtomicLong();
      long started = System.nanoTime();
      long items = source.validate(entry -> {
        if (seen.incrementAndGet() % SAMPLE_EVERY == 0) {
          peakGrowth.accumulateAndGet(retainedHeap(memory) - baseline, Math::max);
        }
      });
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("source: %,d lines, %,d bytes; %,d valid items%n", lines, source.bytes(), items);
      System.out.printf("pass: %.1f s including %d full GCs for sampling (JMH's number is the clean one)%n",
          seconds, lines / SAMPLE_EVERY);
      System.out.printf("heap: baseline %.1f MiB, peak retained growth %.1f MiB (%.1f bytes per line), max heap %.0f MiB%n",
          mib(baseline), mib(peakGrowth.get()), (double) peakGrowth.get() / lines, mib(memory.getHeapMemoryUsage().getMax()));
    } finally {
      Files.deleteIfExists(dir.resolve("items.jsonl"));
      Files.delete(dir);
    }
  }

  private static long retainedHeap(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
