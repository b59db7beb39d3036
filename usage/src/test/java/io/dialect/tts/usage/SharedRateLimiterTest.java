package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared limiter against a real Redis, timed by when each permit is granted (when acquire returns),
 * never by how long a whole run takes.
 */
class SharedRateLimiterTest {
  private static final String KEY = SharedRateLimiter.keyFor("vendor-a");
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

  private static LedgerRedis redisFixture;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  @BeforeAll
  static void startRedis() {
    redisFixture = LedgerRedis.start("rate-limit");
    connection = redisFixture.connection;
    redis = connection.sync();
    // The first script call of the JVM loads Redis' script cache and plenty of classes (~100 ms): done here,
    // so that grant timestamps measure the limiter's pacing, not class loading.
    new SharedRateLimiter(connection, "tts:ratelimit:warm-up", 1_000, 1).reserve();
  }

  @AfterAll
  static void stopRedis() {
    redisFixture.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushall();
  }

  @Test
  void oneReplicaAtTwentyPerSecondGrantsSixtyPermitsOverAboutThreeSecondsAndNoMoreThanTheRateInAnySecond()
      throws Exception {
    SharedRateLimiter limiter = new SharedRateLimiter(connection, KEY, 20, 1);
    List<Long> grants = new ArrayList<>();

    for (int i = 0; i < 60; i++) {
      boolean granted = limiter.acquire(Duration.ofSeconds(1));
      grants.add(System.nanoTime());
      assertThat(granted).as("permit %d within a second", i).isTrue();
    }

    long first = grants.get(0);
    Map<Long, Integer> perSecond = new TreeMap<>();
    grants.forEach(t -> perSecond.merge((t - first) / SECOND, 1, Integer::sum));
    // 20 a second on the grid; the burst of 1 is the tolerance for a grant landing on a second's edge.
    assertThat(perSecond.values()).as("permits granted in each wall-clock second since the first: %s", perSecond)
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(20 + 1));
    long span = grants.get(59) - first;
    assertThat(span).as("59 intervals of 50 ms between the first and the last grant (ns)")
        .isBetween(TimeUnit.MILLISECONDS.toNanos(2_900), TimeUnit.MILLISECONDS.toNanos(3_500));
  }

  @Test
  void twoReplicasOnTheSameKeyTogetherNeverPassTheRatePlusBurstInAnySlidingSecond() throws Exception {
    double rate = 20;
    int burst = 2;
    RedisClient otherClient = LedgerConnections.client(redisFixture.server.uri());
    try (StatefulRedisConnection<String, String> otherConnection = otherClient.connect()) {
      List<SharedRateLimiter> replicas = List.of(new SharedRateLimiter(connection, KEY, rate, burst),
          new SharedRateLimiter(otherConnection, KEY, rate, burst));
      List<Grant> grants = Collections.synchronizedList(new ArrayList<>());
      ExecutorService threads = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int replica = t % 2;
        done.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < 8; i++) {
            boolean granted = replicas.get(replica).acquire(Duration.ofSeconds(5));
            grants.add(new Grant(replica, System.nanoTime()));
            assertThat(granted).isTrue();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      threads.shutdown();

      List<Long> times = grants.stream().map(Grant::nanos).sorted().toList();
      assertThat(times).hasSize(64);
      // Each replica pacing itself would grant about twice the rate in a second: 40, not 22.
      assertThat(busiestSecond(times)).as("most permits granted to both replicas in any 1 s window")
          .isLessThanOrEqualTo((int) rate + burst);
      // ... but only if they ran side by side: both must be granted permits all along, from one shared queue.
      for (int replica = 0; replica < 2; replica++) {
        int r = replica;
        List<Long> own = grants.stream().filter(g -> g.replica() == r).map(Grant::nanos).sorted().toList();
        assertThat(own.get(0) - times.get(0)).as("replica %d started with the other", r)
            .isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(times.get(63) - own.get(31)).as("replica %d was still granted permits at the end", r)
            .isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
      }
    } finally {
      otherClient.shutdown();
    }
  }

  @Test
  void aPermitThatWouldWaitTooLongIsRefusedAtOnceAndTakesNothing() throws Exception {
    SharedRateLimiter limiter = new SharedRateLimiter(connection, KEY, 1, 1); // a slot every second
    Duration patience = Duration.ofMillis(200);
    // Everything is timed first and asserted after, so no assertion's class loading falls between the calls.
    long first = System.nanoTime(); // before Redis grants the first slot: the next one is a second after that
    boolean firstGranted = limiter.acquire(Duration.ZERO);
    long beforeRefusal = System.nanoTime();
    boolean impatientGranted = limiter.acquire(patience);
    long refusalTook = System.nanoTime() - beforeRefusal;
    Optional<Duration> impatientReservation = limiter.tryReserve(patience);
    boolean patientGranted = limiter.acquire(Duration.ofSeconds(5));
    long second = System.nanoTime() - first;

    assertThat(firstGranted).as("a full bucket grants at once").isTrue();
    assertThat(impatientGranted).as("the next slot is ~1 s away, the caller waits 200 ms at most").isFalse();
    assertThat(impatientReservation).as("tryReserve refuses alike").isEmpty();
    assertThat(refusalTook).as("a refusal does not wait (ns)").isLessThan(patience.toNanos());
    assertThat(patientGranted).isTrue();
    assertThat(second).as("granted the slot right after the first one, not one behind the refusals (ns)")
        .isBetween(TimeUnit.MILLISECONDS.toNanos(990), TimeUnit.MILLISECONDS.toNanos(1_800));
  }

  @Test
  void theBucketKeyExpiresOnceTheBucketWouldBeFullAgain() {
    SharedRateLimiter limiter = new SharedRateLimiter(connection, KEY, 10, 1);
    Duration lastWait = Duration.ZERO;
    for (int i = 0; i < 5; i++) {
      lastWait = limiter.reserve();
    }
    assertThat(lastWait).as("the fifth permit in a row at 10 per second waits for its slot")
        .isPositive().isLessThanOrEqualTo(Duration.ofMillis(400));

    // Five slots of 100 ms are taken: the bucket is full again in ~500 ms, and the key lives a second longer.
    assertThat(redis.pttl(KEY)).isBetween(500L, 1_500L);
    await().atMost(Duration.ofSeconds(3)).until(() -> redis.exists(KEY) == 0);
    assertThat(limiter.reserve()).as("no key is a full bucket").isZero();
  }

  @Test
  void stoppedRedisFailsPromptlyWithRateLimiterUnavailableAndWorksAgainWhenBack() throws Exception {
    try (RedisServer server = RedisServer.start("rate-limit-stopped")) {
      RedisClient client = clientWithShortTimeout(server, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
      try (StatefulRedisConnection<String, String> conn = client.connect()) {
        SharedRateLimiter limiter = new SharedRateLimiter(conn, KEY, 20, 1);
        assertThat(limiter.reserve()).isZero();

        server.stop();
        long before = System.nanoTime();
        assertThatThrownBy(limiter::reserve).isInstanceOf(RateLimiterUnavailableException.class)
            .hasMessageContaining(KEY)
            .satisfies(e -> assertThat(((RateLimiterUnavailableException) e).key()).isEqualTo(KEY));
        assertThat(System.nanoTime() - before).as("failed within the command timeout (ns)")
            .isLessThan(SHORT_TIMEOUT.toNanos() + TimeUnit.MILLISECONDS.toNanos(500));

        server.start();
        await().atMost(Duration.ofSeconds(30)).until(conn::isOpen);
        assertThat(limiter.acquire(Duration.ofSeconds(1))).as("granted again once Redis is back").isTrue();
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void redisThatDoesNotAnswerFailsWithRateLimiterUnavailableAfterTheCommandTimeout() {
    try (RedisServer server = RedisServer.start("rate-limit-paused")) {
      // Default behaviour: commands are queued while disconnected; only the command timeout bounds a call.
      RedisClient client = clientWithShortTimeout(server, ClientOptions.DisconnectedBehavior.DEFAULT);
      try (StatefulRedisConnection<String, String> conn = client.connect()) {
        SharedRateLimiter limiter = new SharedRateLimiter(conn, KEY, 20, 1);
        assertThat(limiter.reserve()).isZero();

        conn.sync().clientPause(2_000); // every client's commands wait 2 s: an unresponsive Redis
        long before = System.nanoTime();
        assertThatThrownBy(limiter::reserve).isInstanceOf(RateLimiterUnavailableException.class);
        long took = System.nanoTime() - before;

        assertThat(took).as("failed after the command timeout, not after the pause (ns)")
            .isBetween(SHORT_TIMEOUT.toNanos() - TimeUnit.MILLISECONDS.toNanos(50),
                TimeUnit.MILLISECONDS.toNanos(1_500));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aLimiterNeedsAPositiveRateAndABurstOfAtLeastOne() {
    assertThatThrownBy(() -> new SharedRateLimiter(connection, KEY, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SharedRateLimiter(connection, KEY, Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SharedRateLimiter(connection, KEY, 20, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SharedRateLimiter.keyFor(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SharedRateLimiter.keyFor("xiangyinge")).isEqualTo("tts:ratelimit:xiangyinge");
  }

  /** The most grants in any window [t, t + 1 s) that starts at a grant. */
  private static int busiestSecond(List<Long> sortedTimes) {
    int most = 0;
    int end = 0;
    for (int start = 0; start < sortedTimes.size(); start++) {
      while (end < sortedTimes.size() && sortedTimes.get(end) - sortedTimes.get(start) < SECOND) {
        end++;
      }
      most = Math.max(most, end - start);
    }
    return most;
  }

  private static RedisClient clientWithShortTimeout(RedisServer server, ClientOptions.DisconnectedBehavior behavior) {
    RedisClient client = RedisClient.create(server.uri());
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(behavior)
        .timeoutOptions(TimeoutOptions.enabled(SHORT_TIMEOUT))
        .build());
    return client;
  }

  private record Grant(int replica, long nanos) {
  }
}
