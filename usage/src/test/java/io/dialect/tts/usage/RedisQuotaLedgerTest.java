package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.UsageField;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.usage.QuotaLimits.Limit;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's rules, one at a time, against a real Redis. */
class RedisQuotaLedgerTest {
  private static final String NS = "team-a";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private static LedgerRedis redisFixture;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  private SettableClock clock;
  private QuotaLimitsStore limits;
  private RedisQuotaLedger ledger;

  @BeforeAll
  static void startRedis() {
    redisFixture = LedgerRedis.start("quota-ledger");
    connection = redisFixture.connection;
    redis = connection.sync();
  }

  @AfterAll
  static void stopRedis() {
    redisFixture.close();
  }

  @BeforeEach
  void freshLedger() {
    redis.flushall();
    clock = new SettableClock("2026-11-25T10:00:00Z");
    limits = new QuotaLimitsStore(connection);
    ledger = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED);
  }

  @Test
  void aGrantedReservationIsCountedInTheDailyAndMonthlyWindow() {
    limits.write(NS, hard(Limit.of(1000, 10), Limit.NONE, ZoneOffset.UTC));

    Reservation reservation = granted(ledger.reserve(NS, 350));
    ledger.commit(reservation);

    assertThat(reservation.notice()).as("nothing to say about a reservation within limits").isEmpty();
    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "350")
        .containsEntry(UsageField.REQUESTS, "1");
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CHARACTERS, "350")
        .containsEntry(UsageField.REQUESTS, "1");
  }

  @Test
  void hardDailyCharacterLimitRefusesSayingWhatIsShortByHowMuch() {
    limits.write(NS, hard(Limit.characters(1_000_000), Limit.NONE, SHANGHAI));
    redis.hset(RedisKeys.dailyUsage(NS, "2026-11-25"), UsageField.CHARACTERS, "999800");

    QuotaDecision decision = ledger.reserve(NS, 350);

    assertThat(decision).isEqualTo(new Refused(RefusalReason.QUOTA_EXCEEDED,
        "daily character limit 1,000,000 reached: 999,800 used, this item needs 350; "
            + "resets at 2026-11-26 00:00 Asia/Shanghai",
        Optional.of(new UsedUpLimit(RedisKeys.dailyUsage(NS, "2026-11-25"), "characters", 1_000_000))));
    assertThat(RefusalReason.QUOTA_EXCEEDED.code()).isEqualTo("QuotaExceeded");
    assertThat(usage("day", "2026-11-25")).as("a refusal counts nothing")
        .containsEntry(UsageField.CHARACTERS, "999800").doesNotContainKey(UsageField.REQUESTS);
  }

  @Test
  void aRequestThatFitsExactlyIsGrantedAndTheNextCharacterIsNot() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));

    granted(ledger.reserve(NS, 1000));

    assertThat(ledger.reserve(NS, 1)).isInstanceOf(Refused.class);
  }

  @Test
  void hardDailyRequestLimitRefusesTheRequestPastIt() {
    limits.write(NS, hard(Limit.requests(2), Limit.NONE, ZoneOffset.UTC));
    granted(ledger.reserve(NS, 10));
    granted(ledger.reserve(NS, 10));

    assertThat(ledger.reserve(NS, 10)).isEqualTo(new Refused(RefusalReason.QUOTA_EXCEEDED,
        "daily request limit 2 reached: 2 used; resets at 2026-11-26 00:00 UTC",
        Optional.of(new UsedUpLimit(RedisKeys.dailyUsage(NS, "2026-11-25"), "requests", 2))));
  }

  @Test
  void theMonthlyLimitBindsBeforeTheDailyOne() {
    limits.write(NS, hard(Limit.characters(3000), Limit.characters(5000), ZoneOffset.UTC));
    granted(ledger.reserve(NS, 3000));
    clock.set("2026-11-26T10:00:00Z");
    granted(ledger.reserve(NS, 2000));

    QuotaDecision decision = ledger.reserve(NS, 1);

    assertThat(decision).as("the day still has 1,000 characters, the month none").isEqualTo(new Refused(
        RefusalReason.QUOTA_EXCEEDED, "monthly character limit 5,000 reached: 5,000 used, this item needs 1; "
            + "resets at 2026-12-01 00:00 UTC",
        Optional.of(new UsedUpLimit(RedisKeys.monthlyUsage(NS, "2026-11"), "characters", 5000))));
    clock.set("2026-12-01T00:00:00Z");
    assertThat(ledger.reserve(NS, 1)).as("a new month").isInstanceOf(Reservation.class);
  }

  @Test
  void theDailyWindowResetsAtMidnightInTheQuotasTimeZone() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, SHANGHAI));
    limits.write("team-utc", hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    clock.set("2026-11-25T15:59:59Z"); // 23:59:59 in Shanghai
    granted(ledger.reserve(NS, 1000));
    granted(ledger.reserve("team-utc", 1000));
    assertThat(ledger.reserve(NS, 1)).as("Shanghai, one second before its midnight").isInstanceOf(Refused.class);

    clock.set("2026-11-25T16:00:00Z"); // midnight in Shanghai, still the 25th in UTC

    assertThat(ledger.reserve(NS, 1000)).as("Shanghai, a new day").isInstanceOf(Reservation.class);
    assertThat(ledger.reserve("team-utc", 1)).as("UTC, still the same day").isInstanceOf(Refused.class);
    assertThat(usage("day", "2026-11-26")).as("Shanghai's new day").containsEntry(UsageField.CHARACTERS, "1000");
    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "1000");
  }

  @Test
  void theMonthlyWindowResetsAtTheFirstMidnightOfTheMonthInTheQuotasTimeZone() {
    limits.write(NS, hard(Limit.NONE, Limit.characters(100), SHANGHAI));
    clock.set("2026-11-30T15:59:59Z");
    granted(ledger.reserve(NS, 100));
    assertThat(ledger.reserve(NS, 1)).isInstanceOf(Refused.class);

    clock.set("2026-11-30T16:00:00Z"); // 2026-12-01 00:00 in Shanghai

    assertThat(ledger.reserve(NS, 100)).isInstanceOf(Reservation.class);
    assertThat(usage("month", "2026-12")).containsEntry(UsageField.CHARACTERS, "100");
  }

  @Test
  void aRefundReturnsExactlyTheReservation() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    ledger.commit(granted(ledger.reserve(NS, 200)));
    Reservation failed = granted(ledger.reserve(NS, 800));
    assertThat(ledger.reserve(NS, 1)).isInstanceOf(Refused.class);

    ledger.refund(failed);

    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "200")
        .containsEntry(UsageField.REQUESTS, "1");
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CHARACTERS, "200")
        .containsEntry(UsageField.REQUESTS, "1");
    assertThat(ledger.reserve(NS, 800)).as("the refunded budget is usable again").isInstanceOf(Reservation.class);
  }

  @Test
  void aRefundAfterMidnightReturnsToTheWindowsTheReservationWasCountedIn() {
    limits.write(NS, hard(Limit.characters(1000), Limit.characters(10_000), SHANGHAI));
    clock.set("2026-11-30T15:59:00Z"); // 23:59 on the last day of November in Shanghai
    ledger.commit(granted(ledger.reserve(NS, 100)));
    Reservation beforeMidnight = granted(ledger.reserve(NS, 300));
    clock.set("2026-11-30T16:01:00Z"); // 00:01 on 1 December in Shanghai
    ledger.commit(granted(ledger.reserve(NS, 50)));

    ledger.refund(beforeMidnight);

    assertThat(usage("day", "2026-11-30")).containsEntry(UsageField.CHARACTERS, "100")
        .containsEntry(UsageField.REQUESTS, "1");
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CHARACTERS, "100");
    assertThat(usage("day", "2026-12-01")).as("today's window untouched").containsEntry(UsageField.CHARACTERS, "50");
    assertThat(usage("month", "2026-12")).containsEntry(UsageField.CHARACTERS, "50");
  }

  @Test
  void aRefundOfADeletedWindowDoesNotRecreateIt() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    Reservation reservation = granted(ledger.reserve(NS, 300));
    redis.del(RedisKeys.dailyUsage(NS, "2026-11-25"));

    ledger.refund(reservation);

    assertThat(redis.exists(RedisKeys.dailyUsage(NS, "2026-11-25"))).as("no negative counter left behind")
        .isZero();
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CHARACTERS, "0");
  }

  @Test
  void aReservationIsSettledOnlyOnce() {
    Reservation reservation = granted(ledger.reserve(NS, 300));
    ledger.refund(reservation);

    assertThatThrownBy(() -> ledger.refund(reservation)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already committed or refunded");
    assertThatThrownBy(() -> ledger.commit(reservation)).isInstanceOf(IllegalStateException.class);
    assertThat(usage("day", "2026-11-25")).as("refunded once").containsEntry(UsageField.CHARACTERS, "0");
  }

  @Test
  void softEnforcementLetsRequestsPastTheLimitAndCountsThem() {
    limits.write(NS, new QuotaLimits(Limit.characters(100), Limit.NONE, Enforcement.SOFT, ZoneOffset.UTC));
    Reservation within = granted(ledger.reserve(NS, 80));

    Reservation past = granted(ledger.reserve(NS, 80));

    assertThat(within.notice()).isEmpty();
    assertThat(past.notice()).as("the item's reason can say the soft limit is exceeded")
        .contains("soft quota: daily character limit 100 exceeded: 160 used including this item");
    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "160");
  }

  @Test
  void withoutALimitsHashNothingIsRefusedAndUsageIsStillCounted() {
    QuotaDecision big = ledger.reserve(NS, 50_000_000);

    assertThat(granted(big).notice()).isEmpty();
    assertThat(usage("day", "2026-11-25")).as("counted in UTC windows")
        .containsEntry(UsageField.CHARACTERS, "50000000");
  }

  @Test
  void aZeroLimitRefusesEveryBilledRequest() {
    limits.write(NS, hard(Limit.characters(0), Limit.NONE, ZoneOffset.UTC));

    assertThat(ledger.reserve(NS, 1)).isInstanceOf(Refused.class);
  }

  @Test
  void anotherNamespacesUsageAndLimitsAreUntouched() {
    limits.write(NS, hard(Limit.characters(100), Limit.NONE, ZoneOffset.UTC));
    limits.write("team-b", hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    ledger.commit(granted(ledger.reserve(NS, 100)));

    assertThat(ledger.reserve(NS, 1)).isInstanceOf(Refused.class);
    assertThat(ledger.reserve("team-b", 1000)).as("team-b has its own budget").isInstanceOf(Reservation.class);
    assertThat(redis.hget(RedisKeys.dailyUsage(NS, "2026-11-25"), UsageField.CHARACTERS)).isEqualTo("100");
    assertThat(redis.hget(RedisKeys.dailyUsage("team-b", "2026-11-25"), UsageField.CHARACTERS)).isEqualTo("1000");
    assertThat(redis.keys("*")).as("every key carries its namespace").allMatch(
        key -> key.contains(":" + NS + ":") || key.contains(":team-b:") || key.endsWith(":" + NS)
            || key.endsWith(":team-b"));
  }

  @Test
  void usageWindowsHaveNoTtlSoEvictionCanNeverDropACount() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));

    ledger.commit(granted(ledger.reserve(NS, 1)));
    ledger.recordCacheHit(NS);

    // maxmemory-policy volatile-lru evicts only keys with a TTL (the audio cache's): never these.
    assertThat(redis.ttl(RedisKeys.dailyUsage(NS, "2026-11-25"))).isEqualTo(-1);
    assertThat(redis.ttl(RedisKeys.monthlyUsage(NS, "2026-11"))).isEqualTo(-1);
    assertThat(redis.ttl(RedisKeys.quotaLimits(NS))).isEqualTo(-1);
  }

  @Test
  void whatTheCallsCameToIsCountedNotWhatWasReserved() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));

    // 100 reserved; a failover billed 30 of them twice, over 3 calls (a retry and two chunks).
    ledger.commit(granted(ledger.reserve(NS, 100)), 130, 3);

    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "130")
        .containsEntry(UsageField.REQUESTS, "3");
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CHARACTERS, "130")
        .containsEntry(UsageField.REQUESTS, "3");
  }

  @Test
  void aNamespaceWithATTSQuotaWhoseLimitsRedisLostIsRefusedNotUnlimited() {
    RedisQuotaLedger governed = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED,
        NS::equals);

    QuotaDecision decision = governed.reserve(NS, 10);

    assertThat(decision).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(RefusalReason.QUOTA_UNAVAILABLE);
      assertThat(refused.message()).contains("limits are not in Redis");
    });
    assertThat(redis.exists(RedisKeys.dailyUsage(NS, "2026-11-25"))).as("nothing counted").isZero();
    assertThat(governed.reserve("team-b", 10)).as("a namespace without a TTSQuota has no limit")
        .isInstanceOf(Reservation.class);
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    assertThat(governed.reserve(NS, 10)).as("once the operator published them again").isInstanceOf(Reservation.class);
  }

  @Test
  void usageRedisLostComesBackWithTheNextReservation() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    ledger.commit(granted(ledger.reserve(NS, 600)), 600, 2);
    ledger.refund(granted(ledger.reserve(NS, 50)));

    redis.flushall();
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));

    assertThat(ledger.reserve(NS, 500)).as("600 of 1,000 were spent before Redis lost them")
        .isInstanceOf(Refused.class);
    ledger.commit(granted(ledger.reserve(NS, 400)));
    assertThat(usage("day", "2026-11-25")).as("the refunded 50 are not restored")
        .containsEntry(UsageField.CHARACTERS, "1000").containsEntry(UsageField.REQUESTS, "3");
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CHARACTERS, "1000");
  }

  @Test
  void usageRedisLostComesBackWholeWhicheverReplicaSawTheLastCount() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    RedisQuotaLedger other = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED);
    ledger.commit(granted(ledger.reserve(NS, 100)));
    other.commit(granted(other.reserve(NS, 50))); // the other replica saw 150, this one last saw 100

    redis.flushall();
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    ledger.commit(granted(ledger.reserve(NS, 10)));
    other.commit(granted(other.reserve(NS, 10)));
    ledger.commit(granted(ledger.reserve(NS, 10)));

    assertThat(usage("day", "2026-11-25")).as("150 before the loss, 30 since, each counted once")
        .containsEntry(UsageField.CHARACTERS, "180").containsEntry(UsageField.REQUESTS, "5");
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CHARACTERS, "180");
  }

  @Test
  void replicasSharingAWindowWithoutALossCountEachRequestOnce() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    RedisQuotaLedger other = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED);
    for (int i = 0; i < 3; i++) {
      ledger.commit(granted(ledger.reserve(NS, 100)));
      other.commit(granted(other.reserve(NS, 50)));
    }

    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "450")
        .containsEntry(UsageField.REQUESTS, "6");
  }

  @Test
  void cacheHitsAreCountedSeparatelyAndFreeEvenWhenTheBudgetIsSpent() {
    limits.write(NS, hard(Limit.characters(100), Limit.NONE, SHANGHAI));
    clock.set("2026-11-25T17:00:00Z"); // the 26th in Shanghai
    granted(ledger.reserve(NS, 100));

    ledger.recordCacheHit(NS);
    ledger.recordCacheHit(NS);

    assertThat(usage("day", "2026-11-26")).containsEntry(UsageField.CACHE_HITS, "2")
        .containsEntry(UsageField.CHARACTERS, "100").containsEntry(UsageField.REQUESTS, "1");
    assertThat(usage("month", "2026-11")).containsEntry(UsageField.CACHE_HITS, "2");
  }

  @Test
  void aChangedTimeZoneIsFollowedWithoutRestartingTheWorker() {
    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, ZoneOffset.UTC));
    clock.set("2026-11-25T17:00:00Z");
    granted(ledger.reserve(NS, 10));

    limits.write(NS, hard(Limit.characters(1000), Limit.NONE, SHANGHAI));
    granted(ledger.reserve(NS, 20));

    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "10");
    assertThat(usage("day", "2026-11-26")).as("counted in Shanghai's day").containsEntry(UsageField.CHARACTERS, "20");
  }

  @Test
  void reservationsGoOnAfterRedisForgetsTheScripts() {
    granted(ledger.reserve(NS, 10));
    redis.scriptFlush();

    granted(ledger.reserve(NS, 10));
    ledger.recordCacheHit(NS);

    assertThat(usage("day", "2026-11-25")).containsEntry(UsageField.CHARACTERS, "20")
        .containsEntry(UsageField.CACHE_HITS, "1");
  }

  private static QuotaLimits hard(Limit daily, Limit monthly, ZoneId zone) {
    return new QuotaLimits(daily, monthly, Enforcement.HARD, zone);
  }

  private static Reservation granted(QuotaDecision decision) {
    assertThat(decision).as("reservation granted").isInstanceOf(Reservation.class);
    return (Reservation) decision;
  }

  private static Map<String, String> usage(String window, String name) {
    return redis.hgetall("day".equals(window) ? RedisKeys.dailyUsage(NS, name) : RedisKeys.monthlyUsage(NS, name));
  }
}
