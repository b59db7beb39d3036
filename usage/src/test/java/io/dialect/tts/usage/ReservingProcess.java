package io.dialect.tts.usage;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A second worker process for {@link QuotaLedgerConcurrencyTest}: connects, prints "ready", waits for
 * "go" on stdin so both processes start together, runs a {@link ReservationLoad} and prints
 * "granted N".
 * Arguments: redisUri namespace threads itemsPerThread seed instant (the clock stands still at it, so a
 * run near midnight stays in one window).
 */
public final class ReservingProcess {
  private ReservingProcess() {
  }

  public static void main(String[] args) throws Exception {
    RedisClient client = LedgerConnections.client(args[0]);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      QuotaLedger ledger = new RedisQuotaLedger(connection, Clock.fixed(Instant.parse(args[5]), ZoneOffset.UTC), WhenRedisUnavailable.FAIL_CLOSED);
      System.out.println("ready");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"go".equals(in.readLine())) {
        throw new IllegalStateException("expected go on stdin");
      }
      long granted = ReservationLoad.run(ledger, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Long.parseLong(args[4]), true);
      System.out.println("granted " + granted);
    } finally {
      client.shutdown();
    }
  }
}
