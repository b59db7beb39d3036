package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis, where the ledgers, limits and progress live, fails in the middle of a job under a hard TTSQuota:
 * it loses everything (restarted without its data), or it is away for 90 seconds. The limits are back
 * within the quota poll period, no call goes past the limit, the job succeeds, and the status bills exactly
 * what the vendor billed.
 */
@ExtendWith(E2eCluster.Extension.class)
class RedisOutageTest {
  /** e2e-values.yaml's operator.quotaPollSeconds. */
  private static final Duration QUOTA_POLL = Duration.ofSeconds(5);
  /** The operator's StatusCalculator.BILLING_SETTLES. */
  private static final Duration BILLING_SETTLES = Duration.ofSeconds(60);
  static E2eCluster cluster;

  /** A slow vendor (a second an answer) keeps the jobs running while Redis goes away. */
  @BeforeEach
  void slowVendor() {
    cluster.vendor.latencyMillis(1000);
  }

  @AfterEach
  void vendorAtFullSpeed() {
    cluster.vendor.latencyMillis(0);
  }

  /** A source job of {@code lines} Dongbei lines (billed) in a namespace with a hard daily limit. */
  private static Team jobUnderQuota(String name, String prefix, int lines, long limit) {
    Team team = cluster.team(name);
    team.applyHardDailyQuota(limit);
    String source = IntStream.range(0, lines)
        .mapToObj(i -> "{\"id\": \"r%03d\", \"text\": \"%s%03d，稍等一下。\"}".formatted(i, prefix, i))
        .collect(Collectors.joining("\n"));
    team.createSource("lines", source);
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: steady}
        spec:
          dialect: dongbei
          source:
            configMapRef: {name: lines, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: steady/}
        """);
    return team;
  }

  /** What follows happens mid-job: the vendor has not billed every line yet. */
  private static void assertMidJob(String prefix, int lines) {
    assertThat(cluster.vendor.billsPerText(text -> text.startsWith(prefix))).as("lines billed so far")
        .hasSizeLessThan(lines);
  }

  private static void assertBilledExactly(Team team, String prefix, int lines, long limit) {
    TTSJob done = team.awaitPhase("steady", JobPhase.Succeeded, Duration.ofMinutes(5));
    assertThat(done.getStatus().getPhase()).as("conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    Map<String, Long> billsPerText = cluster.vendor.billsPerText(text -> text.startsWith(prefix));
    assertThat(billsPerText).as("every line billed once").hasSize(lines)
        .allSatisfy((text, bills) -> assertThat(bills).as(text).isOne());
    long vendorBilled = cluster.vendor.billedCharacters(text -> text.startsWith(prefix));
    assertThat(vendorBilled).as("no call past the limit").isLessThanOrEqualTo(limit);
    // A gateway writes what it billed while Redis was away (or lost it) once Redis is back, which can be just
    // after the job's pods are done: the finished job's status takes it in within a minute.
    await().atMost(BILLING_SETTLES).untilAsserted(() -> assertThat(team.job("steady").getStatus()
        .getCharacters().getBilled()).as("status billed == vendor billed").isEqualTo(vendorBilled));
    await().atMost(QUOTA_POLL.multipliedBy(4)).untilAsserted(() -> assertThat(cluster.admin
        .resources(TTSQuota.class).inNamespace(team.namespace).withName("budget").get().getStatus().getUsed()
        .getCharacters()).as("the namespace's usage counted what the vendor billed, Redis' loss included")
        .isEqualTo(vendorBilled));
  }

  @Test
  void redisRestartedEmptyMidJobLosesNoCountAndLiftsNoLimit() {
    String prefix = "wiped-";
    // 60 lines of 15 characters: 900, under the limit of 1,000.
    Team team = jobUnderQuota("redis-wiped", prefix, 60, 1000);
    team.awaitSucceeded("steady", 15);

    assertMidJob(prefix, 60);
    cluster.redis.restartEmpty();
    Instant restarted = Instant.now();

    try (RedisClient client = RedisClient.create(RedisURI.builder(RedisURI.create(cluster.redis.uri()))
        .withPassword(cluster.redis.password().toCharArray()).build());
         StatefulRedisConnection<String, String> redis = client.connect()) {
      await().atMost(QUOTA_POLL.multipliedBy(3)).until(() -> redis.sync().exists(
          RedisKeys.quotaLimits(team.namespace)) == 1);
    }
    assertThat(Duration.between(restarted, Instant.now())).as("limits published again within the poll period")
        .isLessThanOrEqualTo(QUOTA_POLL.multipliedBy(2));
    assertBilledExactly(team, prefix, 60, 1000);
  }

  @Test
  void redisAwayForNinetySecondsMidJobIsRiddenOut() throws InterruptedException {
    String prefix = "away-";
    Team team = jobUnderQuota("redis-away", prefix, 60, 1000);
    team.awaitSucceeded("steady", 15);

    assertMidJob(prefix, 60);
    cluster.redis.stop();
    Thread.sleep(Duration.ofSeconds(90)); // the outage itself
    cluster.redis.start();

    assertBilledExactly(team, prefix, 60, 1000);
  }
}
