package io.dialect.tts.worker.cache;

import static io.dialect.tts.worker.cache.CacheFixtures.audio;
import static io.dialect.tts.worker.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.S3ProxyServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class TieredAudioCacheTest {
  private static final Duration REDIS_TTL = Duration.ofMinutes(30);

  private static RedisServer redis;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<byte[], byte[]> direct;
  private static S3ProxyServer s3;
  private static S3Client s3Client;

  private MemoryAudioCache memory;
  private RedisAudioCache redisTier;
  private S3AudioCache s3Tier;
  private MeterRegistry registry;
  private TieredAudioCache tiered;

  @BeforeAll
  static void startBackends() {
    redis = RedisServer.start("tiered-cache");
    redisClient = RedisClientFactory.create(redis.uri(), null, Duration.ofSeconds(2));
    direct = redisClient.connect(ByteArrayCodec.INSTANCE);
    s3 = S3ProxyServer.start();
    s3.createBucket("tiers");
    s3Client = CacheFixtures.s3Client(s3);
  }

  @AfterAll
  static void stopBackends() {
    direct.close();
    redisClient.shutdown();
    redis.close();
    s3Client.close();
    s3.close();
  }

  @BeforeEach
  void composeTiers() {
    direct.sync().flushall();
    memory = new MemoryAudioCache(5_000);
    redisTier = RedisAudioCache.connect(redisClient, REDIS_TTL);
    s3Tier = S3AudioCache.open(s3Client, new S3CacheSettings("tiers", "cache/"));
    registry = new SimpleMeterRegistry();
    tiered = new TieredAudioCache(List.of(memory, redisTier, s3Tier), registry);
  }

  @AfterEach
  void closeRedisTier() {
    redisTier.close();
  }

  @Test
  void storeWritesEveryTier() {
    CacheKey key = key("team-a", "store everywhere");

    tiered.store(key, audio("everywhere", 1_000));

    assertThat(memory.get(key)).as("memory").isPresent();
    assertThat(redisValue(key)).as("redis").isEqualTo(audio("everywhere", 1_000));
    assertThat(s3Tier.get(key)).as("s3").isPresent();
  }

  @Test
  void entryEvictedFromMemoryIsServedByRedis() {
    List<CacheKey> keys = IntStream.range(0, 20).mapToObj(i -> key("team-a", "line " + i)).toList();
    keys.forEach(k -> tiered.store(k, audio(k.hash(), 1_000)));
    CacheKey evicted = keys.stream().filter(k -> memory.get(k).isEmpty()).findFirst()
        .orElseThrow(() -> new AssertionError("20 x 1000 bytes cannot all fit in a 5000-byte memory tier"));

    Optional<CacheHit> hit = tiered.lookup(evicted);

    assertThat(hit).as("lookup of an entry no longer in memory").isPresent();
    assertThat(hit.get().tier()).isEqualTo("redis");
    assertThat(hit.get().data()).isEqualTo(audio(evicted.hash(), 1_000));
    // Promotion is offered to memory, but a full Caffeine tier may refuse a cold entry (TinyLFU admission).
  }

  @Test
  void hitInS3IsPromotedIntoRedisAndMemory() {
    CacheKey key = key("team-a", "only in s3");
    s3Tier.put(key, audio("s3", 2_000));

    Optional<CacheHit> first = tiered.lookup(key);

    assertThat(first).map(CacheHit::tier).as("first lookup").hasValue("s3");
    assertThat(redisValue(key)).as("redis tier, read directly").isEqualTo(audio("s3", 2_000));
    assertThat(direct.sync().pttl(redisKey(key))).as("promoted redis entry carries the TTL")
        .isPositive().isLessThanOrEqualTo(REDIS_TTL.toMillis());
    assertThat(memory.get(key)).as("memory tier, read directly")
        .hasValueSatisfying(a -> assertThat(a).isEqualTo(audio("s3", 2_000)));
    assertThat(tiered.lookup(key)).map(CacheHit::tier).as("second lookup").hasValue("memory");
  }

  @Test
  void hitInRedisIsPromotedIntoMemoryOnly() {
    CacheKey key = key("team-a", "only in redis");
    redisTier.put(key, audio("redis", 500));

    assertThat(tiered.lookup(key)).map(CacheHit::tier).hasValue("redis");
    assertThat(memory.get(key)).as("memory after the redis hit").isPresent();
    assertThat(s3Tier.get(key)).as("slower tiers are not written by a lookup").isEmpty();
  }

  @Test
  void anotherNamespaceCannotSeeTheEntryInAnyTier() {
    tiered.store(key("team-a", "team-a only"), audio("a", 100));

    assertThat(tiered.lookup(key("team-b", "team-a only"))).as("team-b looking up team-a's text").isEmpty();
    assertThat(counter("memory", "miss") + counter("redis", "miss") + counter("s3", "miss"))
        .as("team-b's lookup consulted and missed all three tiers").isEqualTo(3);
  }

  @Test
  void lookupsAreCountedPerTierAndResult() {
    CacheKey key = key("team-a", "counted");
    s3Tier.put(key, audio("counted", 10));

    tiered.lookup(key);
    tiered.lookup(key);
    tiered.lookup(key("team-a", "absent"));

    assertThat(counter("memory", "miss")).isEqualTo(2);
    assertThat(counter("memory", "hit")).isEqualTo(1);
    assertThat(counter("redis", "miss")).isEqualTo(2);
    assertThat(counter("s3", "hit")).isEqualTo(1);
    assertThat(counter("s3", "miss")).isEqualTo(1);
    assertThat(counter("s3", "error")).isZero();
  }

  @Test
  void prometheusExposesLookupsAsTtsCacheLookupsTotal() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TieredAudioCache cache = new TieredAudioCache(List.of(new MemoryAudioCache(1_000)), prometheus);

    cache.lookup(key("team-a", "x"));

    assertThat(prometheus.scrape()).contains("tts_cache_lookups_total{result=\"miss\",tier=\"memory\"} 1.0")
        .contains("tts_cache_lookups_total{result=\"hit\",tier=\"memory\"} 0.0");
  }

  @Test
  void noTiersMeansEveryLookupMisses() {
    TieredAudioCache none = new TieredAudioCache(List.of(), registry);

    none.store(key("team-a", "x"), audio("x", 1));

    assertThat(none.lookup(key("team-a", "x"))).isEmpty();
    assertThat(none.tiers()).isEmpty();
  }

  @Test
  void redisOutageTurnsLookupsIntoMissesAndRecoversAfterRestart() {
    try (RedisServer flaky = RedisServer.start("flaky")) {
      RedisClient flakyClient = RedisClientFactory.create(flaky.uri(), null, Duration.ofSeconds(1));
      try (RedisAudioCache flakyTier = RedisAudioCache.connect(flakyClient, REDIS_TTL)) {
        TieredAudioCache cache = new TieredAudioCache(List.of(flakyTier, s3Tier), registry);
        CacheKey inS3 = key("team-a", "survives the outage");
        cache.store(inS3, audio("s3", 100));

        flaky.stop();

        assertThatCode(() -> {
          assertThat(cache.lookup(key("team-a", "anything"))).as("lookup while Redis is down").isEmpty();
          assertThat(cache.lookup(inS3)).map(CacheHit::tier).as("slower tier still serves").hasValue("s3");
          cache.store(key("team-a", "during outage"), audio("d", 10));
        }).as("nothing throws while Redis is down").doesNotThrowAnyException();
        assertThat(counter("redis", "error")).as("failed Redis lookups are counted as errors").isGreaterThan(0);

        flaky.start();

        CacheKey after = key("team-a", "after restart");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          cache.store(after, audio("after", 10));
          assertThat(cache.lookup(after)).map(CacheHit::tier).as("redis tier after restart").hasValue("redis");
        });
      } finally {
        flakyClient.shutdown();
      }
    }
  }

  private double counter(String tier, String result) {
    return registry.get(TieredAudioCache.LOOKUPS_METRIC).tag("tier", tier).tag("result", result).counter().count();
  }

  private static byte[] redisKey(CacheKey key) {
    return RedisKeys.audio(key.scope(), key.hash()).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] redisValue(CacheKey key) {
    return direct.sync().get(redisKey(key));
  }
}
