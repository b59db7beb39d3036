package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.Labels;
import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.LimitField;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.quota.TTSQuotaReconciler;
import io.dialect.tts.usage.monitoring.RedisUpGauge;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator while Redis is away: the real operator on a real API server and Job controller, and a real
 * redis-server the tests stop and start again, with its data (it persists) or empty.
 */
class RedisOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** A key the operator never touches: there after a restart, Redis kept its data. */
  private static final String WITNESS = "test:witness";

  private OperatorTestbed bed;

  @BeforeEach
  void start() {
    bed = new OperatorTestbed();
    bed.startOperator(bed.config(1));
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  private TTSQuota createQuota() {
    TTSQuota quota = new TTSQuota();
    quota.getMetadata().setName("default");
    quota.getMetadata().setNamespace(bed.namespace);
    TTSQuotaSpec spec = new TTSQuotaSpec();
    spec.setDaily(new UsageLimit(1_000L, null));
    quota.setSpec(spec);
    return bed.client.resource(quota).create();
  }

  private TTSQuota quota() {
    return bed.client.resources(TTSQuota.class).inNamespace(bed.namespace).withName("default").get();
  }

  private Optional<Condition> limitsPublished() {
    TTSQuota quota = quota();
    return quota == null || quota.getStatus() == null ? Optional.empty() : quota.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(ConditionTypes.LIMITS_PUBLISHED)).findFirst();
  }

  /** The gauge as a scrape reads it: a PING now. */
  private double redisUp() {
    return bed.metrics.get(RedisUpGauge.NAME).tag("component", "operator").gauge().value();
  }

  private Map<String, String> limitsHash() {
    return bed.redisConnection.sync().hgetall(RedisKeys.quotaLimits(bed.namespace));
  }

  private String progress(String name) {
    TTSJob job = bed.get(name);
    return job.getStatus() == null ? null : job.getStatus().getProgress();
  }

  /** Redis goes away; it keeps its data for {@link #startRedisWithItsData}, as a persisting Redis does. */
  private void stopRedis() {
    bed.redisConnection.sync().set(WITNESS, "kept");
    bed.redis.stop();
  }

  private void startRedisWithItsData() {
    bed.redis.start();
    assertThat(bed.redisConnection.sync().get(WITNESS)).as("Redis came back with its data").isEqualTo("kept");
  }

  @Test
  void progressIsPolledAgainOnceRedisIsBack() {
    TTSJob job = bed.create(TTSJobLifecycleTest.job("steady", 5));
    bed.awaitWorkersRunning("steady");
    bed.count(job, ProgressField.SUCCEEDED, 2);
    await().atMost(WAIT).until(() -> "2/5".equals(progress("steady")));

    stopRedis();
    // Several polls fail meanwhile; the status keeps what was last read.
    await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> "2/5".equals(progress("steady")));
    startRedisWithItsData();

    bed.count(job, ProgressField.SUCCEEDED, 3);
    await().atMost(WAIT).untilAsserted(() -> assertThat(progress("steady"))
        .as("the workers' counting after the outage, in status").isEqualTo("5/5"));
  }

  @Test
  void aJobDeletedWhileRedisIsDownGoesAtOnceAndItsProgressKeysWhenRedisIsBack() {
    TTSJob job = bed.create(TTSJobLifecycleTest.job("goodbye", 2));
    bed.awaitWorkerJob("goodbye");
    bed.count(job, ProgressField.SUCCEEDED, 1);
    String key = RedisKeys.shardProgress(bed.namespace, "goodbye", job.getMetadata().getUid(), 0);
    await().atMost(WAIT).until(() -> bed.get("goodbye").getMetadata().getFinalizers()
        .contains(Labels.CLEANUP_FINALIZER));
    stopRedis();

    bed.client.resources(TTSJob.class).inNamespace(bed.namespace).withName("goodbye").delete();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(bed.get("goodbye"))
        .as("the TTSJob, its finalizer not waiting for Redis").isNull());

    startRedisWithItsData();
    await().atMost(WAIT).untilAsserted(() -> assertThat(bed.redisConnection.sync().exists(key))
        .as("the progress hash, deleted once Redis answers again").isZero());
  }

  @Test
  void aQuotaReconciledWhileRedisIsDownSaysSoAndRecoversWhenItIsBack() {
    createQuota();
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsPublished()).hasValueSatisfying(c ->
        assertThat(c.isTrue()).isTrue()));
    assertThat(redisUp()).as("tts_redis_up").isEqualTo(1.0);

    bed.redis.stop();
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsPublished()).hasValueSatisfying(c -> {
      assertThat(c.isTrue()).isFalse();
      assertThat(c.getReason()).isEqualTo(TTSQuotaReconciler.REASON_REDIS_UNREACHABLE);
      assertThat(c.getMessage()).startsWith("Redis is unreachable (").endsWith("trying again every 1s");
    }));
    assertThat(redisUp()).as("tts_redis_up while Redis is away").isZero();

    bed.redis.start();
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsPublished()).hasValueSatisfying(c ->
        assertThat(c.isTrue()).as("published again within seconds, not after JOSDK's back-off").isTrue()));
    assertThat(limitsHash()).containsEntry(LimitField.DAILY_CHARACTERS, "1000");
    assertThat(redisUp()).as("tts_redis_up once Redis is back").isEqualTo(1.0);
  }

  @Test
  void limitsARestartedRedisLostArePublishedAgainOnceItIsBackNotAPollPeriodLater() {
    // Polls a minute apart: only the reconnection can bring the limits back sooner.
    bed.stopOperator();
    bed.startOperator(OperatorConfig.parse(bed.configYaml(1, "").replace("quotaPollSeconds: 1", "quotaPollSeconds: 60")));
    createQuota();
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());

    bed.redis.restartEmpty();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(limitsHash())
        .as("the namespace's limits, back in Redis (the gateway refuses its billed calls until they are)")
        .containsEntry(LimitField.DAILY_CHARACTERS, "1000").containsEntry(LimitField.ENFORCEMENT, "hard"));
  }

  @Test
  void aQuotaDeletedWhileRedisIsDownGoesAtOnceAndItsLimitsLeaveRedisWhenItIsBack() {
    createQuota();
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty() && !quota().getMetadata().getFinalizers().isEmpty());
    stopRedis();

    bed.client.resources(TTSQuota.class).inNamespace(bed.namespace).withName("default").delete();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(quota())
        .as("the TTSQuota, its finalizer not waiting for Redis").isNull());

    startRedisWithItsData();
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsHash())
        .as("no TTSQuota, no limits: removed once Redis answers").isEmpty());
  }
}
