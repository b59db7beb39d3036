package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.LimitField;
import io.dialect.tts.api.RedisKeys.UsageField;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.Priority;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.status.StatusCalculator;
import io.dialect.tts.usage.UsageWindows;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TTSQuota end to end: the real operator on a real API server and Job controller with a real Redis; the
 * test plays the workers (usage counters, how their pods end) and moves the operator's clock.
 */
class TTSQuotaLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NOW = "2026-11-25T10:00:00Z";

  private OperatorTestbed bed;
  private final SettableClock clock = new SettableClock(NOW);

  @BeforeEach
  void start() {
    bed = new OperatorTestbed();
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  private OperatorConfig config() {
    return OperatorConfig.parse("""
        namespaces: [%s]
        worker: {image: %s:1, serviceAccountName: tts-worker, itemsPerShard: 2, maxParallelism: 3}
        redis: {url: %s}
        s3: {allowedOutputBuckets: [tts-out]}
        providers: [{name: xiangyinge}, {name: espeak}]
        statusUpdateIntervalSeconds: 1
        progressPollSeconds: 1
        quotaPollSeconds: 1
        """.formatted(bed.namespace, OperatorTestbed.WORKER_IMAGE, bed.redis.uri()));
  }

  private void startOperator() {
    bed.startOperator(config(), clock);
  }

  private TTSQuota quota(String name, Consumer<TTSQuotaSpec> settings) {
    TTSQuota quota = new TTSQuota();
    quota.getMetadata().setName(name);
    quota.getMetadata().setNamespace(bed.namespace);
    TTSQuotaSpec spec = new TTSQuotaSpec();
    settings.accept(spec);
    quota.setSpec(spec);
    return bed.client.resource(quota).create();
  }

  private TTSQuota getQuota(String name) {
    return bed.client.resources(TTSQuota.class).inNamespace(bed.namespace).withName(name).get();
  }

  private Map<String, String> limitsHash() {
    return bed.redisConnection.sync().hgetall(RedisKeys.quotaLimits(bed.namespace));
  }

  /** What workers do: count billed characters in the namespace's daily (and monthly) window of the clock. */
  private void used(long characters) {
    UsageWindows windows = UsageWindows.at(clock.instant(), ZoneId.of("UTC"));
    bed.redisConnection.sync().hset(windows.dailyKey(bed.namespace), UsageField.CHARACTERS, Long.toString(characters));
    bed.redisConnection.sync().hset(windows.monthlyKey(bed.namespace), UsageField.CHARACTERS, Long.toString(characters));
  }

  private TTSJob createJob(String name, Consumer<TTSJob> settings) {
    TTSJob job = TTSJobLifecycleTest.job(name, 2);
    settings.accept(job);
    return bed.create(job);
  }

  private TTSJob awaitPhase(String name, JobPhase phase) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(bed.get(name).getStatus()).as("status of " + name)
        .isNotNull().extracting(s -> s.getPhase()).as("phase of " + name).isEqualTo(phase));
    return bed.get(name);
  }

  private static Condition condition(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> c.getType().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
  }

  private List<Event> events(String involved, String reason) {
    return bed.events(involved).stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  @Test
  void theLimitsHashFollowsTheQuotasAndTheStrictestApplies() {
    startOperator();
    quota("team", s -> {
      s.setDaily(new UsageLimit(1_000L, null));
      s.setTimeZone("Asia/Shanghai");
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsHash()).as("limits published on create")
        .containsEntry(LimitField.DAILY_CHARACTERS, "1000").containsEntry(LimitField.TIME_ZONE, "Asia/Shanghai"));

    quota("finance", s -> {
      s.setDaily(new UsageLimit(500L, 40L));
      s.setEnforcement(Enforcement.SOFT);
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsHash()).as("the strictest of two quotas")
        .containsEntry(LimitField.DAILY_CHARACTERS, "500").containsEntry(LimitField.DAILY_REQUESTS, "40")
        .containsEntry(LimitField.ENFORCEMENT, "hard").containsEntry(LimitField.TIME_ZONE, "UTC"));

    bed.client.resources(TTSQuota.class).inNamespace(bed.namespace).withName("finance")
        .edit(q -> {
          q.getSpec().setDaily(new UsageLimit(5_000L, 40L));
          return q;
        });
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsHash()).as("updated within seconds")
        .containsEntry(LimitField.DAILY_CHARACTERS, "1000").containsEntry(LimitField.TIME_ZONE, "Asia/Shanghai"));

    bed.client.resources(TTSQuota.class).inNamespace(bed.namespace).withName("team").delete();
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsHash()).as("the remaining quota's limits")
        .containsEntry(LimitField.DAILY_CHARACTERS, "5000").containsEntry(LimitField.ENFORCEMENT, "soft"));

    bed.client.resources(TTSQuota.class).inNamespace(bed.namespace).withName("finance").delete();
    await().atMost(WAIT).untilAsserted(() -> assertThat(limitsHash()).as("no quota, no limits").isEmpty());
  }

  @Test
  void aDialectTheQuotaDoesNotAllowQueuesTheJobWithAWarning() {
    startOperator();
    quota("default", s -> s.setAllowedDialects(List.of("cantonese")));
    createJob("northeast", j -> j.getSpec().getItems().get(1).setDialect("sichuan"));

    TTSJob queued = awaitPhase("northeast", JobPhase.Queued);
    Condition admitted = condition(queued.getStatus().getConditions(), ConditionTypes.ADMITTED);
    assertThat(admitted.isTrue()).isFalse();
    assertThat(admitted.getReason()).isEqualTo(ConditionTypes.REASON_DIALECT_NOT_ALLOWED);
    assertThat(admitted.getMessage()).as("names the job's and the item's dialect and what is allowed")
        .isEqualTo("the namespace's TTSQuota does not allow dialect(s) [dongbei, sichuan] (allowed: [cantonese])");
    assertThat(bed.workerJob("northeast")).as("no worker started").isNull();
    await().atMost(WAIT).untilAsserted(() -> assertThat(events("northeast", "NotAdmitted"))
        .anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning")));
  }

  @Test
  void underAHardQuotaAJobTooBigForTheLimitOrTheRemainingBudgetIsQueuedSayingByHowMuch() {
    startOperator();
    quota("default", s -> {
      s.setDaily(new UsageLimit(100L, null));
      s.setTimeZone("UTC");
    });
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());
    used(90);

    createJob("huge", j -> j.getSpec().setItems(List.of(new TTSItem("all", "好".repeat(150)))));
    createJob("later", j -> j.getSpec().setItems(List.of(new TTSItem("some", "好".repeat(20)))));

    Condition huge = condition(awaitPhase("huge", JobPhase.Queued).getStatus().getConditions(), ConditionTypes.ADMITTED);
    assertThat(huge.getReason()).isEqualTo(ConditionTypes.REASON_EXCEEDS_MAX_QUOTA);
    assertThat(huge.getMessage()).isEqualTo(
        "needs 150 characters, more than the whole daily limit of 100: split the job or raise the TTSQuota");
    Condition later = condition(awaitPhase("later", JobPhase.Queued).getStatus().getConditions(), ConditionTypes.ADMITTED);
    assertThat(later.getReason()).isEqualTo(ConditionTypes.REASON_WAITING_FOR_QUOTA);
    assertThat(later.getMessage()).isEqualTo("needs 20 characters, 10 remain of the daily 100 (resets 2026-11-26 00:00 UTC)");
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(events("huge", "NotAdmitted")).as("Warning Event for huge").isNotEmpty();
      assertThat(events("later", "NotAdmitted")).as("Warning Event for later").isNotEmpty();
    });

    clock.set("2026-11-26T00:00:05Z");
    bed.awaitWorkerJob("later");
    assertThat(bed.workerJob("huge")).as("can never fit").isNull();
  }

  @Test
  void withOneConcurrentJobTheQueueIsAdmittedByPriorityThenCreationTime() {
    startOperator();
    quota("default", s -> {
      s.setMaxConcurrentJobs(1);
      s.setMaxParallelismPerJob(1);
    });
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());
    createJob("first", j -> { });
    assertThat(bed.awaitWorkerJob("first").getSpec().getParallelism()).as("capped by maxParallelismPerJob")
        .isEqualTo(1);
    createJob("low", j -> j.getSpec().setPriority(Priority.LOW));
    createJob("normal", j -> { });
    createJob("high", j -> j.getSpec().setPriority(Priority.HIGH));
    for (String name : List.of("low", "normal", "high")) {
      TTSJob queued = awaitPhase(name, JobPhase.Queued);
      assertThat(condition(queued.getStatus().getConditions(), ConditionTypes.ADMITTED).getReason())
          .isEqualTo(ConditionTypes.REASON_WAITING_FOR_QUOTA);
    }
    assertThat(condition(bed.get("low").getStatus().getConditions(), ConditionTypes.ADMITTED).getMessage())
        .startsWith("maxConcurrentJobs 1 reached: 1 job(s) running");

    List<String> order = List.of("first", "high", "normal", "low");
    for (int i = 0; i < order.size() - 1; i++) {
      bed.workersExit(bed.get(order.get(i)), 0);
      awaitPhase(order.get(i), JobPhase.Succeeded);
      bed.awaitWorkerJob(order.get(i + 1));
      for (String waiting : order.subList(i + 2, order.size())) {
        assertThat(bed.workerJob(waiting)).as(waiting + " still waits after " + order.get(i + 1) + " got the slot")
            .isNull();
      }
    }
  }

  @Test
  void eachThresholdIsAnnouncedOncePerWindowEvenAcrossAnOperatorRestart() {
    startOperator();
    quota("default", s -> {
      s.setDaily(new UsageLimit(100L, null));
      s.setAlertThresholds(List.of(0.5, 0.9));
      s.setEnforcement(Enforcement.SOFT);
    });
    used(60);
    await().atMost(WAIT).untilAsserted(() -> {
      TTSQuota quota = getQuota("default");
      assertThat(quota.getStatus()).as("status written").isNotNull();
      assertThat(quota.getStatus().getNotifiedThresholds()).containsExactly(0.5);
      assertThat(quota.getStatus().getPercent()).isEqualTo(60);
      assertThat(quota.getStatus().getRemaining().getCharacters()).isEqualTo(40);
      assertThat(quota.getStatus().getWindow()).isEqualTo("2026-11-25");
      assertThat(quota.getStatus().getMonthlyWindow()).isEqualTo("2026-11");
      assertThat(condition(quota.getStatus().getConditions(), ConditionTypes.THRESHOLD_REACHED).isTrue()).isTrue();
      assertThat(events("default", "ThresholdReached")).hasSize(1);
    });
    assertThat(bed.metrics.get("tts.quota.used.ratio").tag("namespace", bed.namespace).gauge().value()).isEqualTo(0.6);

    bed.stopOperator();
    startOperator();
    used(70);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(getQuota("default").getStatus().getUsed().getCharacters()).as("the new operator read usage")
            .isEqualTo(70));
    assertThat(events("default", "ThresholdReached")).as("no second Event for 50%% after the restart")
        .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

    used(100);
    await().atMost(WAIT).untilAsserted(() -> {
      TTSQuota quota = getQuota("default");
      assertThat(quota.getStatus().getNotifiedThresholds()).containsExactly(0.5, 0.9);
      assertThat(condition(quota.getStatus().getConditions(), ConditionTypes.EXCEEDED).isTrue()).isTrue();
      assertThat(events("default", "ThresholdReached")).as("one Event per threshold").hasSize(2)
          .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
    });
  }

  @Test
  void aHardQuotaUsedUpSuspendsRunningJobsUntilTheWindowResets() {
    startOperator();
    quota("default", s -> {
      s.setDaily(new UsageLimit(100L, null));
      s.setTimeZone("Asia/Shanghai");
    });
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());
    TTSJob job = createJob("welcome", j -> { });
    bed.awaitWorkersRunning("welcome");
    awaitPhase("welcome", JobPhase.Running);

    UsageWindows shanghai = UsageWindows.at(clock.instant(), ZoneId.of("Asia/Shanghai"));
    bed.redisConnection.sync().hset(shanghai.dailyKey(bed.namespace), UsageField.CHARACTERS, "100");

    await().atMost(WAIT).untilAsserted(() ->
        assertThat(bed.workerJob("welcome").getSpec().getSuspend()).as("workers paused").isTrue());
    TTSJob suspended = awaitPhase("welcome", JobPhase.Suspended);
    Condition running = condition(suspended.getStatus().getConditions(), ConditionTypes.RUNNING);
    assertThat(running.getReason()).isEqualTo(StatusCalculator.REASON_QUOTA_EXCEEDED);
    assertThat(running.getMessage()).contains("daily character limit (100 of 100); resumes at 2026-11-26 00:00 Asia/Shanghai");
    assertThat(bed.get("welcome").getSpec().getSuspend()).as("the operator never writes the user's spec: suspend "
        + "keeps the CRD's default").isFalse();
    await().atMost(WAIT).untilAsserted(() -> assertThat(events("welcome", "QuotaExceeded")).hasSize(1));

    // Midnight in Shanghai is 16:00 UTC.
    clock.set("2026-11-25T16:00:01Z");
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(bed.workerJob("welcome").getSpec().getSuspend()).as("workers resumed").isFalse());
    awaitPhase("welcome", JobPhase.Running);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(getQuota("default").getStatus()).as("the quota's new window").isNotNull()
            .extracting(s -> s.getWindow()).isEqualTo("2026-11-26"));
    assertThat(job.getMetadata().getUid()).isEqualTo(bed.get("welcome").getMetadata().getUid());
  }
}
