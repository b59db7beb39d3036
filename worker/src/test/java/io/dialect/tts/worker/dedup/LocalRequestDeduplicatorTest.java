package io.dialect.tts.worker.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.cache.CacheKey;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalRequestDeduplicatorTest {
  private static final CacheKey KEY = CacheKey.of("team-a",
      new SynthesisRequest("你好", "mandarin", "cmn_default", 1, "neutral", AudioFormat.WAV));

  private final LocalRequestDeduplicator dedup = new LocalRequestDeduplicator();

  @Test
  void concurrentIdenticalCallsProduceOnceAndTheOthersJoin() throws Exception {
    AtomicInteger produced = new AtomicInteger();
    Arrivals arrivals = new Arrivals();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Deduplicated<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(threads.submit(() -> {
          arrivals.arrive();
          return dedup.deduplicate(KEY, Optional::empty, () -> {
            produced.incrementAndGet();
            arrivals.awaitOthersParked(7);
            return "audio";
          });
        }));
      }

      List<Deduplicated<String>> results = new ArrayList<>();
      for (Future<Deduplicated<String>> call : calls) {
        results.add(call.get(30, TimeUnit.SECONDS));
      }
      assertThat(produced).as("producer runs").hasValue(1);
      assertThat(results).extracting(Deduplicated::value).containsOnly("audio");
      assertThat(results).extracting(Deduplicated::origin).as("one producer, seven joined")
          .containsOnlyOnce(Deduplicated.Origin.PRODUCED).containsOnly(Deduplicated.Origin.PRODUCED,
              Deduplicated.Origin.JOINED);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void valueAlreadyCachedIsTakenWithoutProducing() {
    Deduplicated<String> result = dedup.deduplicate(KEY, () -> Optional.of("cached"), () -> {
      throw new AssertionError("must not produce a cached value");
    });

    assertThat(result).isEqualTo(Deduplicated.cached("cached"));
    assertThat(result.producedHere()).isFalse();
  }

  @Test
  void laterCallAfterTheFirstFinishedStartsAFreshFlight() {
    Map<CacheKey, String> cache = new ConcurrentHashMap<>();

    dedup.deduplicate(KEY, () -> Optional.ofNullable(cache.get(KEY)), () -> {
      cache.put(KEY, "stored");
      return "stored";
    });
    Deduplicated<String> later = dedup.deduplicate(KEY, () -> Optional.ofNullable(cache.get(KEY)), () -> "again");

    assertThat(later).as("second call finds the first one's stored value").isEqualTo(Deduplicated.cached("stored"));
  }

  @Test
  void failureOfTheProducerReachesEveryJoinedCallAndIsNotRemembered() throws Exception {
    Arrivals arrivals = new Arrivals();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Deduplicated<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        calls.add(threads.submit(() -> {
          arrivals.arrive();
          return dedup.deduplicate(KEY, Optional::empty, () -> {
            arrivals.awaitOthersParked(1);
            throw new IllegalStateException("upstream refused");
          });
        }));
      }

      for (Future<Deduplicated<String>> call : calls) {
        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).as("owner and joiner")
            .hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("upstream refused");
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(dedup.deduplicate(KEY, Optional::empty, () -> "retried")).as("a later call tries again")
        .isEqualTo(Deduplicated.produced("retried"));
  }
}
