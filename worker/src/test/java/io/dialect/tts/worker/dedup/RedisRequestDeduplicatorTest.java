package io.dialect.tts.worker.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.worker.cache.CacheHit;
import io.dialect.tts.worker.cache.CacheKey;
import io.dialect.tts.worker.cache.MemoryAudioCache;
import io.dialect.tts.worker.cache.RedisAudioCache;
import io.dialect.tts.worker.cache.RedisClientFactory;
import io.dialect.tts.worker.cache.TieredAudioCache;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisRequestDeduplicatorTest {
  private static RedisServer redis;
  private static StatefulRedisConnection<String, String> direct;
  private static RedisClient directClient;

  /** Simulated upstream: how often each key was synthesized, across every worker. */
  private final Map<CacheKey, AtomicInteger> upstreamCalls = new ConcurrentHashMap<>();
  private final List<Worker> workers = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start("dedup");
    directClient = RedisClientFactory.create(redis.uri(), null, Duration.ofSeconds(2));
    direct = directClient.connect();
  }

  @AfterAll
  static void stopRedis() {
    direct.close();
    directClient.shutdown();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    direct.sync().flushall();
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(Worker::close);
  }

  @Test
  void twoWorkersWithEightThreadsEachCallTheUpstreamOncePerUniqueRequest() throws Exception {
    List<CacheKey> unique = IntStream.range(0, 30).mapToObj(i -> key("第" + i + "句")).toList();
    List<CacheKey> workload = new ArrayList<>();
    unique.forEach(k -> workload.addAll(Collections.nCopies(4, k)));
    Worker first = worker(DedupSettings.defaults());
    Worker second = worker(DedupSettings.defaults());

    List<Future<Deduplicated<byte[]>>> calls = new ArrayList<>();
    ExecutorService firstThreads = Executors.newFixedThreadPool(8);
    ExecutorService secondThreads = Executors.newFixedThreadPool(8);
    try {
      calls.addAll(first.runAll(shuffled(workload, 1), firstThreads));
      calls.addAll(second.runAll(shuffled(workload, 2), secondThreads));

      List<Deduplicated<byte[]>> results = new ArrayList<>();
      for (Future<Deduplicated<byte[]>> call : calls) {
        results.add(call.get(60, TimeUnit.SECONDS));
      }

      assertThat(upstreamCalls).as("upstream calls per unique request, over both workers")
          .hasSize(30).allSatisfy((key, count) -> assertThat(count).as("calls for %s", key).hasValue(1));
      assertThat(results).as("240 requests in all").hasSize(240)
          .filteredOn(Deduplicated::producedHere).as("requests billed").hasSize(30);
      assertThat(results).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
          .startsWith("audio of "));
    } finally {
      firstThreads.shutdownNow();
      secondThreads.shutdownNow();
    }
    assertThat(direct.sync().keys(RedisKeys.inFlight("team-a", "*"))).as("in-flight locks left behind").isEmpty();
  }

  @Test
  void waiterProceedsWhenACrashedOwnersLockExpires() {
    CacheKey key = key("crashed owner");
    String lock = RedisKeys.inFlight(key.scope(), key.hash());
    direct.sync().set(lock, "crashed-worker-token", SetArgs.Builder.px(700));
    Worker waiter = worker(new DedupSettings(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMillis(20),
        Duration.ofMillis(100)));
    List<String> lockHolderWhenProducing = new ArrayList<>();

    Deduplicated<byte[]> result = waiter.dedup.deduplicate(key, waiter.lookup(key), () -> {
      lockHolderWhenProducing.add(direct.sync().get(lock));
      return waiter.produce(key).get();
    });

    assertThat(result.origin()).isEqualTo(Deduplicated.Origin.PRODUCED);
    assertThat(lockHolderWhenProducing).as("lock holder while the waiter produced").hasSize(1)
        .doesNotContain("crashed-worker-token").doesNotContainNull();
    assertThat(direct.sync().exists(lock)).as("the waiter released its own lock").isZero();
  }

  @Test
  void waiterTakesThePeersResultFromTheCacheWithoutProducing() {
    CacheKey key = key("peer finishes");
    String lock = RedisKeys.inFlight(key.scope(), key.hash());
    direct.sync().set(lock, "peer-token", SetArgs.Builder.px(30_000));
    Worker peer = worker(DedupSettings.defaults());
    Worker waiter = worker(DedupSettings.defaults());
    Thread finishing = Thread.ofVirtual().start(() -> {
      sleep(300);
      peer.produce(key).get();
      direct.sync().del(lock);
    });

    Deduplicated<byte[]> result = waiter.dedup.deduplicate(key, waiter.lookup(key), waiter.produce(key));

    assertThat(result.origin()).as("taken from the cache the peer filled").isEqualTo(Deduplicated.Origin.CACHED);
    assertThat(upstreamCalls.get(key)).as("only the peer called the upstream").hasValue(1);
    join(finishing);
  }

  @Test
  void releaseNeverDeletesALockThatAnotherWorkerNowHolds() {
    CacheKey key = key("lock taken over");
    String lock = RedisKeys.inFlight(key.scope(), key.hash());
    Worker worker = worker(DedupSettings.defaults());

    worker.dedup.deduplicate(key, Optional::empty, () -> {
      // As if our lock expired mid-synthesis and another worker took it.
      direct.sync().set(lock, "other-worker-token");
      return new byte[] {1};
    });

    assertThat(direct.sync().get(lock)).as("the other worker's lock after our release")
        .isEqualTo("other-worker-token");
  }

  @Test
  void ownerRenewsItsLockWhileProducingSoPeersKeepWaiting() throws Exception {
    CacheKey key = key("long synthesis");
    String lock = RedisKeys.inFlight(key.scope(), key.hash());
    DedupSettings shortLock = new DedupSettings(Duration.ofMillis(900), Duration.ofMinutes(1), Duration.ofMillis(20),
        Duration.ofMillis(100));
    Worker owner = worker(shortLock);
    Worker peer = worker(shortLock);
    List<Long> ttlsSeenWhileProducing = new ArrayList<>();
    Supplier<byte[]> slowProduce = () -> {
      for (int i = 0; i < 6; i++) {
        sleep(500);
        ttlsSeenWhileProducing.add(direct.sync().pttl(lock));
      }
      return owner.produce(key).get();
    };

    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Deduplicated<byte[]>> owned = threads.submit(() -> owner.dedup.deduplicate(key, owner.lookup(key),
          slowProduce));
      await().until(() -> direct.sync().exists(lock) == 1);
      Future<Deduplicated<byte[]>> waited = threads.submit(() -> peer.dedup.deduplicate(key, peer.lookup(key),
          peer.produce(key)));

      assertThat(owned.get(30, TimeUnit.SECONDS).origin()).isEqualTo(Deduplicated.Origin.PRODUCED);
      assertThat(waited.get(30, TimeUnit.SECONDS).origin()).as("the peer waited past the 900 ms lock TTL")
          .isEqualTo(Deduplicated.Origin.CACHED);
    } finally {
      threads.shutdownNow();
    }
    assertThat(ttlsSeenWhileProducing).as("lock PTTL sampled over 3 s of synthesis").allMatch(ttl -> ttl > 0);
    assertThat(upstreamCalls.get(key)).hasValue(1);
  }

  @Test
  void redisOutageAfterStartProducesWithoutTheLockInsteadOfFailing() {
    try (RedisServer flaky = RedisServer.start("dedup-outage")) {
      RedisClient client = RedisClientFactory.create(flaky.uri(), null, Duration.ofSeconds(1));
      try (RedisRequestDeduplicator dedup = RedisRequestDeduplicator.connect(client, DedupSettings.defaults())) {
        flaky.stop();

        Deduplicated<String> result = dedup.deduplicate(key("outage"), Optional::empty, () -> "made anyway");

        assertThat(result).as("the item still gets its audio").isEqualTo(Deduplicated.produced("made anyway"));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void unreachableRedisFailsAtStart() {
    RedisClient nowhere = RedisClientFactory.create("redis://127.0.0.1:1", null, Duration.ofSeconds(2));
    try {
      assertThatThrownBy(() -> RedisRequestDeduplicator.connect(nowhere, DedupSettings.defaults()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot reach Redis");
    } finally {
      nowhere.shutdown();
    }
  }

  private Worker worker(DedupSettings settings) {
    Worker worker = new Worker(settings);
    workers.add(worker);
    return worker;
  }

  /** One worker process: its own Redis connections, memory + Redis cache tiers and deduplicator. */
  private final class Worker implements AutoCloseable {
    final RedisClient client = RedisClientFactory.create(redis.uri(), null, Duration.ofSeconds(2));
    final RedisAudioCache redisTier = RedisAudioCache.connect(client, Duration.ofMinutes(10));
    final TieredAudioCache cache = new TieredAudioCache(List.of(new MemoryAudioCache(1_000_000), redisTier),
        new SimpleMeterRegistry());
    final RedisRequestDeduplicator dedup;

    Worker(DedupSettings settings) {
      dedup = RedisRequestDeduplicator.connect(client, settings);
    }

    Supplier<Optional<byte[]>> lookup(CacheKey key) {
      return () -> cache.lookup(key).map(CacheHit::data);
    }

    /** The upstream call: counted, a little slow, and stored before it returns (the contract). */
    Supplier<byte[]> produce(CacheKey key) {
      return () -> {
        upstreamCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        sleep(20);
        byte[] audio = ("audio of " + key.hash()).getBytes(StandardCharsets.UTF_8);
        cache.store(key, audio);
        return audio;
      };
    }

    List<Future<Deduplicated<byte[]>>> runAll(List<CacheKey> keys, ExecutorService threads) {
      return keys.stream().map(k -> threads.submit(() -> dedup.deduplicate(k, lookup(k), produce(k)))).toList();
    }

    @Override
    public void close() {
      dedup.close();
      redisTier.close();
      client.shutdown();
    }
  }

  private static CacheKey key(String text) {
    return CacheKey.of("team-a", new SynthesisRequest(text, "sichuan", "sichuan_female", 1, "neutral",
        AudioFormat.MP3));
  }

  private static List<CacheKey> shuffled(List<CacheKey> keys, long seed) {
    List<CacheKey> copy = new ArrayList<>(keys);
    Collections.shuffle(copy, new Random(seed));
    return copy;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
