package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Usage windows have no TTL; the retention deletes those long past and nothing else, in a real Redis. */
class UsageRetentionTest {
  private static LedgerRedis redisFixture;

  @BeforeAll
  static void startRedis() {
    redisFixture = LedgerRedis.start("usage-retention");
  }

  @AfterAll
  static void stopRedis() {
    redisFixture.close();
  }

  @Test
  void windowsPastTheirGraceGoEverythingElseStays() {
    RedisCommands<String, String> redis = redisFixture.sync();
    redis.flushall();
    String[] kept = {
        RedisKeys.dailyUsage("team-a", "2026-11-25"),   // today
        RedisKeys.dailyUsage("team-a", "2026-11-23"),   // ended two days ago: still in its grace
        RedisKeys.monthlyUsage("team-a", "2026-11"),
        RedisKeys.monthlyUsage("team-a", "2026-10"),    // ended 25 days ago: grace is 31 days
        RedisKeys.quotaLimits("team-a"),
        RedisKeys.audio("team-a", "abc")};
    String[] expired = {
        RedisKeys.dailyUsage("team-a", "2026-11-20"),
        RedisKeys.dailyUsage("team-b", "2026-01-01"),
        RedisKeys.monthlyUsage("team-a", "2026-09")};
    for (String key : kept) {
      redis.hset(key, "characters", "1");
    }
    for (String key : expired) {
      redis.hset(key, "characters", "1");
    }

    long deleted = new UsageRetention(redisFixture.connection, new SettableClock("2026-11-25T10:00:00Z"))
        .deleteExpired();

    assertThat(deleted).isEqualTo(expired.length);
    assertThat(redis.exists(kept)).as("kept keys").isEqualTo(kept.length);
    assertThat(redis.exists(expired)).as("expired windows").isZero();
  }
}
