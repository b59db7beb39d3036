package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.UsageField;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.usage.QuotaLimits.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis stopped in the middle of a run, then started again (empty, as a restarted Redis without persistence). */
class QuotaLedgerOutageTest {
  private static final String NS = "team-a";
  private static final String DAY_KEY = RedisKeys.dailyUsage(NS, "2026-11-25");
  private static final QuotaLimits LIMITS =
      new QuotaLimits(Limit.characters(1000), Limit.NONE, Enforcement.HARD, ZoneOffset.UTC);

  private LedgerRedis redisFixture;
  private StatefulRedisConnection<String, String> connection;
  private final SettableClock clock = new SettableClock("2026-11-25T10:00:00Z");

  @BeforeEach
  void startRedis() {
    redisFixture = LedgerRedis.start("quota-outage");
    connection = redisFixture.connection;
    new QuotaLimitsStore(connection).write(NS, LIMITS);
  }

  @AfterEach
  void stopRedis() {
    redisFixture.close();
  }

  @Test
  void failClosedRefusesWhileRedisIsDownAndWorksAgainWhenItIsBack() {
    QuotaLedger ledger = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED);
    ledger.commit((Reservation) ledger.reserve(NS, 100));

    redisFixture.server.stop();
    QuotaDecision duringOutage = ledger.reserve(NS, 100);

    assertThat(duringOutage).as("fail-closed: no billed call nobody counts").isInstanceOf(Refused.class);
    Refused refused = (Refused) duringOutage;
    assertThat(refused.reason()).isEqualTo(RefusalReason.QUOTA_UNAVAILABLE);
    assertThat(refused.reason().code()).isEqualTo("QuotaUnavailable");
    assertThat(refused.message()).contains("Redis is unreachable");

    restartRedisWithLimits(true);
    Reservation afterOutage = awaitGranted(ledger);
    assertThat(afterOutage.counted()).isTrue();
    assertThat(connection.sync().hget(DAY_KEY, UsageField.CHARACTERS))
        .as("the restarted Redis lost the first 100; the ledger's floor brought them back").isEqualTo("200");
  }

  @Test
  void failOpenGrantsUncountedWhileRedisIsDownAndSaysSo() {
    QuotaLedger ledger = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_OPEN);

    redisFixture.server.stop();
    QuotaDecision duringOutage = ledger.reserve(NS, 100);

    assertThat(duringOutage).as("fail-open: the call goes on").isInstanceOf(Reservation.class);
    Reservation unchecked = (Reservation) duringOutage;
    assertThat(unchecked.counted()).isFalse();
    assertThat(unchecked.notice()).as("the item's reason says the quota was not checked")
        .contains("quota not checked: Redis unreachable");
    ledger.refund(unchecked); // nothing was counted, so nothing is returned, and nothing breaks
    ledger.recordCacheHit(NS); // lost quietly: hits are free

    restartRedisWithLimits(false);
    Reservation afterOutage = awaitGranted(ledger);
    assertThat(afterOutage.counted()).as("checked and counted again").isTrue();
    assertThat(afterOutage.notice()).isEmpty();
    assertThat(connection.sync().hget(DAY_KEY, UsageField.CHARACTERS)).isEqualTo("100");
  }

  @Test
  void aSettlementRedisDidNotTakeIsAppliedOnceItIsBack() {
    QuotaLedger ledger = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED);
    Reservation refunded = (Reservation) ledger.reserve(NS, 100);
    Reservation overBilled = (Reservation) ledger.reserve(NS, 100);
    redisFixture.server.stop();

    assertThatCode(() -> ledger.refund(refunded)).as("the item does not fail").doesNotThrowAnyException();
    ledger.commit(overBilled, 130, 2); // a failover billed 30 more characters in a second call

    restartRedisWithLimits(false);
    awaitGranted(ledger);
    ledger.commit((Reservation) ledger.reserve(NS, 10));
    assertThat(connection.sync().hgetall(DAY_KEY)).as("130 + 100 + 10, each settlement applied once")
        .containsEntry(UsageField.CHARACTERS, "240").containsEntry(UsageField.REQUESTS, "4");
  }

  @Test
  void aReservationWhoseAnswerNeverCameIsTakenBackOnceRedisAnswers() {
    QuotaLedger ledger = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED);
    ledger.commit((Reservation) ledger.reserve(NS, 100));

    // Redis holds every command for 3 s: the ledger gives up after its 2 s timeout, and then Redis runs it.
    try (RedisClient admin = RedisClient.create(redisFixture.server.uri());
         StatefulRedisConnection<String, String> pausing = admin.connect()) {
      pausing.sync().clientPause(3000);
    }
    QuotaDecision unanswered = ledger.reserve(NS, 200);
    assertThat(unanswered).isInstanceOfSatisfying(Refused.class,
        refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.QUOTA_UNAVAILABLE));
    await().atMost(Duration.ofSeconds(10)).until(() -> "300".equals(connection.sync().hget(DAY_KEY,
        UsageField.CHARACTERS)));

    ledger.commit((Reservation) ledger.reserve(NS, 50));
    assertThat(connection.sync().hgetall(DAY_KEY)).as("the refused 200 were counted by Redis, then taken back")
        .containsEntry(UsageField.CHARACTERS, "150").containsEntry(UsageField.REQUESTS, "2");
  }

  /** @param lostData the restarted Redis lost everything (no persistence, a new volume) */
  private void restartRedisWithLimits(boolean lostData) {
    if (lostData) {
      redisFixture.server.restartEmpty();
    } else {
      redisFixture.server.start();
    }
    await().atMost(Duration.ofSeconds(30)).until(connection::isOpen);
    new QuotaLimitsStore(connection).write(NS, LIMITS);
  }

  private static Reservation awaitGranted(QuotaLedger ledger) {
    return (Reservation) await().atMost(Duration.ofSeconds(30))
        .until(() -> ledger.reserve(NS, 100), decision -> decision instanceof Reservation);
  }
}
