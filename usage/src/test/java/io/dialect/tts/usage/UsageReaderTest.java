package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The operator reads exactly what the ledger counted, per window. */
class UsageReaderTest {

  @Test
  void readsTheLedgersDailyAndMonthlyCountsAndZeroForAnUnusedWindow() {
    try (RedisServer server = RedisServer.start("usage-reader")) {
      RedisClient client = LedgerConnections.client(server.uri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        SettableClock clock = new SettableClock("2026-11-25T10:00:00Z");
        RedisQuotaLedger ledger = new RedisQuotaLedger(connection, clock, WhenRedisUnavailable.FAIL_CLOSED);
        ledger.commit((Reservation) ledger.reserve("team-a", 120));
        ledger.commit((Reservation) ledger.reserve("team-a", 30));
        ledger.recordCacheHit("team-a");
        UsageReader reader = new UsageReader(connection);

        NamespaceUsage today = reader.read("team-a", UsageWindows.at(Instant.parse("2026-11-25T10:00:00Z"),
            ZoneId.of("UTC")));
        NamespaceUsage tomorrow = reader.read("team-a", UsageWindows.at(Instant.parse("2026-11-26T10:00:00Z"),
            ZoneId.of("UTC")));

        assertThat(today.day()).isEqualTo(new WindowUsage(150, 2, 1));
        assertThat(today.month()).isEqualTo(new WindowUsage(150, 2, 1));
        assertThat(tomorrow.day()).as("a new day starts at zero").isEqualTo(WindowUsage.NONE);
        assertThat(tomorrow.month()).as("same month").isEqualTo(new WindowUsage(150, 2, 1));
      } finally {
        client.shutdown();
      }
    }
  }
}
