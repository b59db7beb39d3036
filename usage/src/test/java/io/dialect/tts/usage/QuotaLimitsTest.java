package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import io.dialect.tts.usage.QuotaLimits.Limit;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits hash: what the operator writes is exactly what the workers' script reads. */
class QuotaLimitsTest {
  private static LedgerRedis redisFixture;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void startRedis() {
    redisFixture = LedgerRedis.start("quota-limits");
    connection = redisFixture.connection;
  }

  @AfterAll
  static void stopRedis() {
    redisFixture.close();
  }

  @Test
  void aSpecBecomesTheHashFieldsWithUnsetLimitsLeftOut() {
    TTSQuotaSpec spec = new TTSQuotaSpec();
    spec.setDaily(new UsageLimit(1_000_000L, 100_000L));
    spec.setMonthly(new UsageLimit(20_000_000L, null));
    spec.setEnforcement(Enforcement.SOFT);
    spec.setTimeZone("Asia/Shanghai");

    assertThat(QuotaLimits.from(spec).toHash()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "daily.characters", "1000000",
        "daily.requests", "100000",
        "monthly.characters", "20000000",
        "enforcement", "soft",
        "timeZone", "Asia/Shanghai"));
  }

  @Test
  void anEmptySpecMeansNoLimitsHardEnforcementAndUtc() {
    QuotaLimits limits = QuotaLimits.from(new TTSQuotaSpec());

    assertThat(limits).isEqualTo(new QuotaLimits(Limit.NONE, Limit.NONE, Enforcement.HARD, ZoneId.of("UTC")));
    assertThat(QuotaLimits.fromHash(Map.of())).as("an empty hash reads the same way").isEqualTo(limits);
  }

  @Test
  void writingReplacesEveryFieldOfThePreviousLimits() {
    QuotaLimitsStore store = new QuotaLimitsStore(connection);
    store.write("team-a", new QuotaLimits(Limit.of(10, 1), Limit.of(100, 10), Enforcement.HARD,
        ZoneId.of("Asia/Shanghai")));
    QuotaLimits relaxed = new QuotaLimits(Limit.characters(50), Limit.NONE, Enforcement.SOFT, ZoneId.of("UTC"));

    store.write("team-a", relaxed);

    assertThat(store.read("team-a")).contains(relaxed);
    assertThat(connection.sync().hkeys(RedisKeys.quotaLimits("team-a"))).as("no stale limit survives")
        .containsExactlyInAnyOrder("daily.characters", "enforcement", "timeZone");
    assertThat(relaxed.daily().requests()).isEqualTo(OptionalLong.empty());
  }

  @Test
  void aRemovedQuotaReadsAsNone() {
    QuotaLimitsStore store = new QuotaLimitsStore(connection);
    store.write("team-b", new QuotaLimits(Limit.characters(1), Limit.NONE, Enforcement.HARD, ZoneId.of("UTC")));

    store.remove("team-b");

    assertThat(store.read("team-b")).isEmpty();
  }
}
