package io.dialect.tts.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Lines per second validated from a 1,000,000-line JSONL source through ItemSources (reader,
 * ItemValidator, id fingerprints), the pass every shard makes before it synthesizes anything.
 * One operation is one line. Run with {@code -prof gc} for the allocation per line; the heap the
 * pass retains is {@link SourceStreamingHeap}'s to report.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class SourceStreamingBenchmark {
  static final int LINES = 1_000_000;

  private Path dir;
  private LargeSource source;

  @Setup(Level.Trial)
  public void writeSource() throws IOException {
    dir = Files.createTempDirectory("tts-bench-source");
    source = LargeSource.write(dir, LINES);
  }

  @TearDown(Level.Trial)
  public void removeSource() throws IOException {
    Files.delete(dir.resolve("items.jsonl"));
    Files.delete(dir);
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long validateMillionLines(Blackhole sink) {
    long items = source.validate(sink::consume);
    if (items != LINES) {
      throw new IllegalStateException("expected " + LINES + " valid items, got " + items);
    }
    return items;
  }
}
