package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many reservers at once, in one process and in two: a hard limit is never passed by one character. */
class QuotaLedgerConcurrencyTest {
  private static final String NS = "team-a";
  private static final String NOW = "2026-11-25T10:00:00Z";
  private static final UsageWindows WINDOWS = UsageWindows.at(java.time.Instant.parse(NOW), ZoneOffset.UTC);

  private static LedgerRedis redisFixture;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  private QuotaLedger ledger;

  @BeforeAll
  static void startRedis() {
    redisFixture = LedgerRedis.start("quota-concurrency");
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
    ledger = new RedisQuotaLedger(connection, new SettableClock(NOW), WhenRedisUnavailable.FAIL_CLOSED);
  }

  @Test
  void sixteenThreadsFillADailyCharacterLimitExactlyAndNeverPassIt() throws Exception {
    long limit = 50_000;
    limitDailyCharacters(limit);
    long demand = ReservationLoad.demand(16, 60, 7);
    assertThat(demand).as("the items alone ask for more than the limit").isGreaterThan(limit);

    long granted = ReservationLoad.run(ledger, NS, 16, 60, 7, true);

    assertThat(granted).as("characters granted to 16 threads against a limit of %d", limit).isEqualTo(limit);
    assertThat(usedCharacters()).as("the daily counter holds exactly what was granted").isEqualTo(granted);
  }

  @Test
  void sixteenThreadsBelowTheLimitAreAllGranted() throws Exception {
    long demand = ReservationLoad.demand(16, 60, 11);
    limitDailyCharacters(demand + 1);

    long granted = ReservationLoad.run(ledger, NS, 16, 60, 11, false);

    assertThat(granted).as("every item fits, so every item is granted").isEqualTo(demand);
    assertThat(usedCharacters()).isEqualTo(demand);
  }

  @Test
  void sixteenThreadsGetExactlyTheRequestLimit() throws Exception {
    new QuotaLimitsStore(connection).write(NS, new QuotaLimits(QuotaLimits.Limit.requests(100),
        QuotaLimits.Limit.NONE, Enforcement.HARD, ZoneOffset.UTC));

    ReservationLoad.run(ledger, NS, 16, 20, 3, false);

    assertThat(redis.hget(WINDOWS.dailyKey(NS), RedisKeys.UsageField.REQUESTS))
        .as("320 attempts against a limit of 100 requests").isEqualTo("100");
  }

  @Test
  void twoWorkerProcessesFillALimitExactlyAndNeverPassIt() throws Exception {
    long limit = 40_000;
    limitDailyCharacters(limit);
    assertThat(2 * ReservationLoad.demand(8, 60, 5)).isGreaterThan(limit);

    List<Process> workers = List.of(startWorker(5), startWorker(1005));
    List<BufferedReader> outputs = new ArrayList<>();
    for (Process worker : workers) {
      BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("worker process connected").isEqualTo("ready");
      outputs.add(out);
    }
    for (Process worker : workers) {
      Writer in = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
      in.write("go\n");
      in.flush();
    }
    long granted = 0;
    for (int i = 0; i < workers.size(); i++) {
      String result = outputs.get(i).readLine();
      assertThat(workers.get(i).waitFor(2, TimeUnit.MINUTES)).as("worker process finished").isTrue();
      assertThat(workers.get(i).exitValue()).as("worker process exit code").isZero();
      assertThat(result).as("worker process result line").startsWith("granted ");
      granted += Long.parseLong(result.substring("granted ".length()));
    }

    assertThat(granted).as("characters granted to two processes against a limit of %d", limit).isEqualTo(limit);
    assertThat(usedCharacters()).as("the daily counter holds exactly what was granted").isEqualTo(granted);
  }

  private static Process startWorker(long seed) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), ReservingProcess.class.getName(),
        redisFixture.server.uri(), NS, "8", "60", Long.toString(seed), NOW)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    // The classpath through the environment: a long -cp argument is not needed.
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    return builder.start();
  }

  private void limitDailyCharacters(long limit) {
    new QuotaLimitsStore(connection).write(NS, new QuotaLimits(QuotaLimits.Limit.characters(limit),
        QuotaLimits.Limit.NONE, Enforcement.HARD, ZoneOffset.UTC));
  }

  private long usedCharacters() {
    return Long.parseLong(redis.hget(WINDOWS.dailyKey(NS), RedisKeys.UsageField.CHARACTERS));
  }
}
