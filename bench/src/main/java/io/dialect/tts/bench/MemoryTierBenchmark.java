package io.dialect.tts.bench;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.cache.CacheKey;
import io.dialect.tts.worker.cache.MemoryAudioCache;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process tier (Caffeine bounded by audio bytes) holding 10,000 entries of 8 KiB, well below
 * its bound: a lookup of a present key, and a store over a present key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MemoryTierBenchmark {
  private static final int KEYS = 10_000;

  private MemoryAudioCache memory;
  private CacheKey[] keys;
  private byte[] audio;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    audio = new byte[8 * 1024];
    memory = new MemoryAudioCache(256L * 1024 * 1024);
    keys = new CacheKey[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = CacheKey.of("bench", new SynthesisRequest("第" + i + "句", "dongbei", "laotie", 1.0, "neutral",
          AudioFormat.MP3));
      memory.put(keys[i], audio);
    }
  }

  @Benchmark
  public Optional<byte[]> get() {
    return memory.get(keys[next++ % KEYS]);
  }

  @Benchmark
  public void put() {
    memory.put(keys[next++ % KEYS], audio);
  }
}
