package io.dialect.tts.worker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A shard's counters in a real Redis, across a restart of the shard. */
class RedisProgressCountersTest {
  private static RedisServer redis;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void start() {
    redis = RedisServer.start("progress");
    client = RedisClient.create(redis.uri());
    connection = client.connect();
  }

  @AfterAll
  static void stop() {
    connection.close();
    client.shutdown();
    redis.close();
  }

  @Test
  void aRestartedShardRecountsItsItemsButKeepsWhatEarlierAttemptsBilled() {
    RedisProgressCounters first = counters("restart");
    first.reset();
    first.discovered();
    first.finished(made("a", 7));
    first.billed("xiangyinge", 7, 1);

    RedisProgressCounters second = counters("restart");
    second.reset();
    second.discovered();
    second.finished(made("a", 7));
    second.discovered();
    second.finished(made("b", 5));
    second.billed("xiangyinge", 5, 1);

    assertThat(hash("restart")).as("items counted once, every billed call counted")
        .containsEntry(ProgressField.TOTAL, "2").containsEntry(ProgressField.SUCCEEDED, "2")
        .containsEntry(ProgressField.CHARACTERS_BILLED, "12");
  }

  @Test
  void aCacheHitCountsAsCachedAndFoundAudioOfUnknownMakerDoesNot() {
    RedisProgressCounters counters = counters("tiers");
    counters.finished(new ManifestEntry("hit", ItemStatus.Succeeded, null, "u", 1, 1, 3, 0, null, "redis", false));
    counters.finished(ManifestEntry.alreadyWritten("found", "u", 1, 3));

    assertThat(hash("tiers")).containsEntry(ProgressField.SUCCEEDED, "2").containsEntry(ProgressField.CACHED, "1");
  }

  private static ManifestEntry made(String id, long billed) {
    return new ManifestEntry(id, ItemStatus.Succeeded, null, "u", 1, 1, billed, billed, "xiangyinge", "none", false);
  }

  private static RedisProgressCounters counters(String job) {
    return new RedisProgressCounters(connection, "team-a", job, "uid-1", 0, Duration.ofMinutes(5));
  }

  private static Map<String, String> hash(String job) {
    return connection.sync().hgetall(RedisKeys.shardProgress("team-a", job, "uid-1", 0));
  }
}
