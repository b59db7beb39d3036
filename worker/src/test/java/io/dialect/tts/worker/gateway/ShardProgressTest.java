package io.dialect.tts.worker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.worker.cache.RedisClientFactory;
import io.dialect.tts.worker.engine.BillingMeter;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shards' progress and billing in a real Redis, through what goes wrong: reports sent twice, a shard's
 * next pod, Redis away, Redis losing its data, and a job deleted meanwhile.
 */
class ShardProgressTest {
  private RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private final AtomicBoolean jobExists = new AtomicBoolean(true);
  private final AtomicReference<Set<Integer>> completedByJobController = new AtomicReference<>(Set.of());
  private final JobRecords jobs = new JobRecords() {
    @Override
    public boolean exists(Shard shard) {
      return jobExists.get();
    }

    @Override
    public Set<Integer> completedIndexes(Shard shard) {
      return completedByJobController.get();
    }
  };

  @BeforeEach
  void start() {
    redis = RedisServer.start("shard-progress");
    client = RedisClientFactory.create(redis.uri(), null, Duration.ofSeconds(1));
    connection = client.connect();
  }

  @AfterEach
  void stop() {
    connection.close();
    client.shutdown();
    redis.close();
  }

  private static Shard shard(int index) {
    TTSJob job = Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: welcome, namespace: team-a, uid: uid-1}
        spec: {dialect: dongbei}
        """, TTSJob.class);
    return new Shard(job, "ttsjob-welcome-uid1", index, 3);
  }

  private Map<String, String> hash(int index) {
    return connection.sync().hgetall(RedisKeys.shardProgress("team-a", "welcome", "uid-1", index));
  }

  @Test
  void aReportSentTwiceCountsOnceAndAShardsNextPodRecountsButKeepsTheBilling() {
    ShardProgress progress = new ShardProgress(connection, jobs);
    try (GatewayBilling billing = new GatewayBilling(connection, jobs, Duration.ofHours(1))) {
      progress.report(shard(1), "pod-a", true, Map.of(ProgressField.TOTAL, 2L, ProgressField.SUCCEEDED, 1L), false);
      progress.report(shard(1), "pod-a", false, Map.of(ProgressField.TOTAL, 2L, ProgressField.SUCCEEDED, 1L), false);
      billing.meter(shard(1)).billed(7);

      progress.report(shard(1), "pod-b", true, Map.of(ProgressField.TOTAL, 2L, ProgressField.SUCCEEDED, 2L), true);

      Map<String, String> hash = hash(1);
      assertThat(sum(hash, ProgressField.SUCCEEDED)).as("pod-a's counts went with pod-b's first report").isEqualTo(2);
      assertThat(sum(hash, ProgressField.TOTAL)).isEqualTo(2);
      assertThat(sum(hash, ProgressField.CHARACTERS_BILLED)).as("what was billed stays").isEqualTo(7);
      assertThat(hash).containsEntry(ProgressField.SOURCE_DONE, "1");
    }
  }

  @Test
  void billingsOfOneShardOnManyThreadsAllReachRedis() throws Exception {
    try (GatewayBilling billing = new GatewayBilling(connection, jobs, Duration.ofHours(1));
         ExecutorService threads = Executors.newFixedThreadPool(16)) {
      BillingMeter meter = billing.meter(shard(0));
      for (int i = 0; i < 20_000; i++) {
        threads.submit(() -> meter.billed(3));
      }
      threads.shutdown();
      assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

      assertThat(sumOrZero(0)).as("a later total is never overwritten by an earlier one").isEqualTo(60_000);
    }
  }

  @Test
  void billingWhileRedisIsAwayIsWrittenWhenItIsBackAndAgainAfterItLostItsData() {
    try (GatewayBilling billing = new GatewayBilling(connection, jobs, Duration.ofMillis(200))) {
      BillingMeter meter = billing.meter(shard(0));
      meter.billed(10);
      redis.stop();

      meter.billed(5);
      redis.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> sumOrZero(0) == 15);

      redis.restartEmpty();
      await("written again into the empty Redis").atMost(Duration.ofSeconds(30)).until(() -> sumOrZero(0) == 15);
    }
  }

  @Test
  void aShardThatBilledNothingYetWritesNothing() throws Exception {
    try (GatewayBilling billing = new GatewayBilling(connection, jobs, Duration.ofMillis(200))) {
      billing.meter(shard(1));
      Thread.sleep(1000); // five flushes

      assertThat(hash(1)).as("no billing field (and no 'Redis lost it' rewrite) before a character is billed")
          .isEmpty();
    }
  }

  @Test
  void aHashDeletedWithItsJobIsNotWrittenAgain() throws Exception {
    try (GatewayBilling billing = new GatewayBilling(connection, jobs, Duration.ofMillis(200))) {
      billing.meter(shard(2)).billed(10);
      jobExists.set(false);

      connection.sync().del(RedisKeys.shardProgress("team-a", "welcome", "uid-1", 2));
      Thread.sleep(1000); // five flushes

      assertThat(hash(2)).as("the operator deleted it with the TTSJob").isEmpty();
    }
  }

  @Test
  void theLastShardKnowsItIsLastEvenAfterRedisLostWhoFinishedBefore() {
    ShardProgress progress = new ShardProgress(connection, jobs);
    assertThat(progress.complete(shard(0))).as("shards 1 and 2 still run").isFalse();
    assertThat(progress.complete(shard(1))).as("shard 2 still runs").isFalse();
    completedByJobController.set(Set.of(0, 1)); // their pods exited 0

    redis.restartEmpty();
    await().atMost(Duration.ofSeconds(30)).until(connection::isOpen);

    assertThat(progress.complete(shard(2))).as("0 and 1 from the Job controller, 2 itself").isTrue();
  }

  private long sumOrZero(int index) {
    try {
      return sum(hash(index), ProgressField.CHARACTERS_BILLED);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static long sum(Map<String, String> hash, String field) {
    return hash.entrySet().stream().filter(e -> ProgressField.baseName(e.getKey()).equals(field))
        .mapToLong(e -> Long.parseLong(e.getValue())).sum();
  }
}
