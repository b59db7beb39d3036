package io.dialect.tts.worker.cache;

import static io.dialect.tts.worker.cache.CacheFixtures.audio;
import static io.dialect.tts.worker.cache.CacheFixtures.closedPort;
import static io.dialect.tts.worker.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisAudioCacheTest {
  private static RedisServer redis;
  private static RedisClient client;
  private static RedisAudioCache cache;
  private static StatefulRedisConnection<String, String> direct;

  @BeforeAll
  static void start() {
    redis = RedisServer.start("redis-audio-cache");
    client = RedisClientFactory.create(redis.uri(), null, Duration.ofSeconds(2));
    cache = RedisAudioCache.connect(client, Duration.ofHours(6));
    direct = client.connect();
  }

  @AfterAll
  static void stop() {
    direct.close();
    cache.close();
    client.shutdown();
    redis.close();
  }

  @Test
  void binaryAudioRoundTripsUnchanged() {
    byte[] audio = audio("粤语", 64_000);

    cache.put(key("team-a", "粤语"), audio);

    assertThat(cache.get(key("team-a", "粤语"))).hasValueSatisfying(a -> assertThat(a).isEqualTo(audio));
    assertThat(cache.get(key("team-a", "never stored"))).isEmpty();
  }

  @Test
  void entryLivesUnderTheSchemaKeyWithTheConfiguredTtl() {
    CacheKey key = key("team-a", "ttl");

    cache.put(key, audio("ttl", 10));

    long pttl = direct.sync().pttl(RedisKeys.audio("team-a", key.hash()));
    assertThat(pttl).as("PTTL of tts:audio:team-a:<hash> in ms (6h TTL)")
        .isGreaterThan(Duration.ofHours(5).toMillis()).isLessThanOrEqualTo(Duration.ofHours(6).toMillis());
  }

  @Test
  void scopesDoNotSeeEachOthersEntries() {
    cache.put(key("team-a", "secret"), audio("secret", 10));

    assertThat(cache.get(key("team-b", "secret"))).as("same text in namespace team-b").isEmpty();
    assertThat(cache.get(key(RedisKeys.CLUSTER_SCOPE, "secret"))).as("same text in the cluster pool").isEmpty();
  }

  @Test
  void unreachableRedisFailsAtStartWithAClearMessage() {
    RedisClient nowhere = RedisClientFactory.create("redis://127.0.0.1:" + closedPort(), null, Duration.ofSeconds(2));
    try {
      assertThatThrownBy(() -> RedisAudioCache.connect(nowhere, Duration.ofHours(1)))
          .isInstanceOf(CacheTierMisconfiguredException.class)
          .hasMessageContaining("cache tier 'redis' is misconfigured")
          .hasMessageContaining("cannot reach Redis");
    } finally {
      nowhere.shutdown();
    }
  }
}
