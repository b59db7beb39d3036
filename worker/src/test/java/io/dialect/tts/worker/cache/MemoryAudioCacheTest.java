package io.dialect.tts.worker.cache;

import static io.dialect.tts.worker.cache.CacheFixtures.audio;
import static io.dialect.tts.worker.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryAudioCacheTest {

  @Test
  void returnsWhatWasPut() {
    MemoryAudioCache cache = new MemoryAudioCache(1_000_000);
    byte[] audio = audio("hello", 1_000);

    cache.put(key("team-a", "hello"), audio);

    assertThat(cache.get(key("team-a", "hello"))).hasValue(audio);
    assertThat(cache.get(key("team-a", "other"))).isEmpty();
  }

  @Test
  void totalBytesHeldNeverExceedTheBound() {
    MemoryAudioCache cache = new MemoryAudioCache(10_000);

    IntStream.range(0, 50).forEach(i -> {
      cache.put(key("team-a", "item " + i), audio("item " + i, 3_000));
      assertThat(cache.bytes()).as("bytes held after put #%d", i).isLessThanOrEqualTo(10_000);
    });

    long held = IntStream.range(0, 50).filter(i -> cache.get(key("team-a", "item " + i)).isPresent()).count();
    assertThat(held).as("3000-byte entries that fit in 10000 bytes").isBetween(1L, 3L);
  }

  @Test
  void boundMustBePositive() {
    assertThatThrownBy(() -> new MemoryAudioCache(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
