package io.dialect.tts.bench;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.cache.CacheKey;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What every item pays before any tier is asked: its cache key (NFC, white-space folding, SHA-256). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CacheKeyBenchmark {
  private static final String SENTENCE = "老铁们好，今天咱们唠唠东北话里最常用的几句话。";

  /** Characters of request text: a short line, and a long paragraph. */
  @Param({"24", "2000"})
  public int textLength;

  private SynthesisRequest request;

  @Setup(Level.Trial)
  public void prepare() {
    request = new SynthesisRequest(text(textLength), "dongbei", "laotie", 1.0, "neutral", AudioFormat.MP3);
  }

  @Benchmark
  public CacheKey cacheKey() {
    return CacheKey.of("bench", request);
  }

  private static String text(int length) {
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      text.append(SENTENCE);
    }
    return text.substring(0, length);
  }
}
