package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.LimitField;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.RedisKeys.UsageField;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.ConfigMapSource;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.Priority;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.TTSSource;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.status.StatusCalculator;
import io.dialect.tts.usage.UsageWindows;
import io.dialect.tts.usage.UsedUpLimit;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
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

  /** @param sourceReservation admission.sourceReservationCharacters */
  private OperatorConfig config(long sourceReservation) {
    return OperatorConfig.parse("""
        namespaces: [%s]
        worker: {image: %s:1, serviceAccountName: tts-worker, itemsPerShard: 2, maxParallelism: 3}
        redis: {url: %s}
        s3: {allowedOutputBuckets: [tts-out]}
        providers: [{name: xiangyinge}, {name: espeak}]
        statusUpdateIntervalSeconds: 1
        progressPollSeconds: 1
        quotaPollSeconds: 1
        admission: {sourceReservationCharacters: %d}
        """.formatted(bed.namespace, OperatorTestbed.WORKER_IMAGE, bed.redis.uri(), sourceReservation));
  }

  private void startOperator() {
    bed.startOperator(config(10_000), clock);
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

  private void editQuota(String name, Consumer<TTSQuotaSpec> change) {
    bed.edit(TTSQuota.class, name, quota -> change.accept(quota.getSpec()));
  }

  private static List<TTSItem> texts(int... lengths) {
    return IntStream.range(0, lengths.length).mapToObj(i -> new TTSItem("line-" + i, "好".repeat(lengths[i])))
        .toList();
  }

  private Condition admitted(String name) {
    return condition(bed.get(name).getStatus().getConditions(), ConditionTypes.ADMITTED);
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

    editQuota("finance", s -> s.setDaily(new UsageLimit(5_000L, 40L)));
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
    await().atMost(WAIT).untilAsserted(() -> assertThat(events("northeast", ConditionTypes.REASON_DIALECT_NOT_ALLOWED))
        .anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning")));
    // Looked at again every quotaPollSeconds (1 s here): told when it comes to the reason, not at every look
    // (a look racing the first status write, before the informer has it, may tell once more).
    await().during(Duration.ofSeconds(5)).atMost(WAIT).untilAsserted(() ->
        assertThat(events("northeast", ConditionTypes.REASON_DIALECT_NOT_ALLOWED)).singleElement()
            .satisfies(e -> assertThat(e.getCount()).as("times recorded").isLessThanOrEqualTo(2)));
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
      assertThat(events("huge", ConditionTypes.REASON_EXCEEDS_MAX_QUOTA)).as("Warning Event for huge").isNotEmpty();
      assertThat(events("later", ConditionTypes.REASON_WAITING_FOR_QUOTA)).as("Warning Event for later").isNotEmpty();
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
    assertThat(running.getReason()).isEqualTo(StatusCalculator.REASON_QUOTA_EXHAUSTED);
    assertThat(running.getMessage()).contains("daily character limit (100 of 100); resumes at 2026-11-26 00:00 Asia/Shanghai");
    assertThat(bed.get("welcome").getSpec().getSuspend()).as("the operator never writes the user's spec: suspend "
        + "keeps the CRD's default").isFalse();
    await().atMost(WAIT).untilAsserted(() -> assertThat(events("welcome", "QuotaExhausted")).hasSize(1));
    await().atMost(WAIT).untilAsserted(() -> assertThat(quotaExhausted()).as("tts_quota_exhausted").isEqualTo(1.0));

    // Midnight in Shanghai is 16:00 UTC.
    clock.set("2026-11-25T16:00:01Z");
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(bed.workerJob("welcome").getSpec().getSuspend()).as("workers resumed").isFalse());
    awaitPhase("welcome", JobPhase.Running);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(getQuota("default").getStatus()).as("the quota's new window").isNotNull()
            .extracting(s -> s.getWindow()).isEqualTo("2026-11-26"));
    assertThat(job.getMetadata().getUid()).isEqualTo(bed.get("welcome").getMetadata().getUid());
    await().atMost(WAIT).untilAsserted(() -> assertThat(quotaExhausted()).as("a new window").isZero());
  }

  private double quotaExhausted() {
    return bed.metrics.get("tts.quota.exhausted").tags("namespace", bed.namespace, "quota", "default").gauge().value();
  }

  @Test
  void aJobWaitsForTheCharactersAdmittedJobsHoldAndStartsOnceTheHolderHasFinished() {
    startOperator();
    quota("default", s -> {
      s.setDaily(new UsageLimit(100L, null));
      s.setTimeZone("UTC");
    });
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());

    // Each fits the budget alone, not both: created together, the earlier is admitted and the other waits.
    TTSJob holder = createJob("a", j -> j.getSpec().setItems(texts(20, 40)));
    createJob("b", j -> j.getSpec().setItems(texts(20, 40)));
    String waiting = "b";
    bed.awaitWorkerJob("a");
    awaitPhase(waiting, JobPhase.Queued);
    assertThat(admitted(waiting).getReason()).isEqualTo(ConditionTypes.REASON_WAITING_FOR_QUOTA);
    // Looked at before a was admitted, b says a is queued ahead of it; at its next look, that a is admitted.
    await().atMost(WAIT).untilAsserted(() -> assertThat(admitted(waiting).getMessage()).isEqualTo("needs 60 "
        + "characters, 40 remain of the daily 100 after 60 held by admitted jobs [a (60)] (resets 2026-11-26 00:00 UTC)"));

    createJob("small", j -> j.getSpec().setItems(texts(20)));
    bed.awaitWorkerJob("small");
    await().atMost(WAIT).untilAsserted(() -> assertThat(getQuota("default").getStatus().getActiveJobs())
        .as("TTSQuota status.activeJobs: a and small, not b").isEqualTo(2));
    await().atMost(WAIT).untilAsserted(() -> assertThat(admitted(waiting).getMessage()).as("small holds its 20 too")
        .isEqualTo("needs 60 characters, 20 remain of the daily 100 after 80 held by admitted jobs ["
            + holder.getMetadata().getName() + " (60), small (20)] (resets 2026-11-26 00:00 UTC)"));

    // The holder's first item is billed: 20 used, and it holds the 40 of its text left.
    bed.count(holder, ProgressField.SUCCEEDED, 1);
    bed.count(holder, ProgressField.CHARACTERS_TOTAL, 20);
    bed.count(holder, ProgressField.CHARACTERS_BILLED, 20);
    used(20);
    await().atMost(WAIT).untilAsserted(() -> assertThat(admitted(waiting).getMessage())
        .isEqualTo("needs 60 characters, 20 remain of the daily 100 after 60 held by admitted jobs ["
            + holder.getMetadata().getName() + " (40), small (20)] (resets 2026-11-26 00:00 UTC)"));
    assertThat(bed.workerJob(waiting)).as("still waiting").isNull();

    // Its second item comes from the cache: once the holder finished, 100 - 20 used - 20 held by small remain.
    bed.count(holder, ProgressField.SUCCEEDED, 1);
    bed.count(holder, ProgressField.CACHED, 1);
    bed.count(holder, ProgressField.CHARACTERS_TOTAL, 40);
    bed.workersExit(holder, 0);
    awaitPhase(holder.getMetadata().getName(), JobPhase.Succeeded);
    bed.awaitWorkerJob(waiting);
  }

  @Test
  void aJobWithASourceHoldsTheConfiguredSliceOfEachLimit() {
    bed.startOperator(config(70), clock);
    quota("default", s -> {
      s.setDaily(new UsageLimit(100L, null));
      s.setTimeZone("UTC");
    });
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());
    bed.client.resource(new ConfigMapBuilder().withNewMetadata().withName("prompts").withNamespace(bed.namespace)
        .endMetadata().addToData("lines.jsonl", "{\"id\": \"a\", \"text\": \"老铁\"}\n").build()).create();
    Consumer<TTSJob> fromSource = j -> {
      ConfigMapSource ref = new ConfigMapSource();
      ref.setName("prompts");
      ref.setKey("lines.jsonl");
      TTSSource source = new TTSSource();
      source.setConfigMapRef(ref);
      j.getSpec().setItems(null);
      j.getSpec().setSource(source);
    };

    createJob("import", fromSource);
    bed.awaitWorkerJob("import");
    createJob("inline", j -> j.getSpec().setItems(texts(40)));
    createJob("import-2", fromSource);

    awaitPhase("inline", JobPhase.Queued);
    assertThat(admitted("inline").getMessage()).isEqualTo("needs 40 characters, 30 remain of the daily 100 after 70 "
        + "held by admitted jobs [import (70)] (resets 2026-11-26 00:00 UTC)");
    awaitPhase("import-2", JobPhase.Queued);
    assertThat(admitted("import-2").getMessage()).isEqualTo("needs 70 characters (the reservation of a job with "
        + "spec.source), 30 remain of the daily 100 after 70 held by admitted jobs [import (70)] (resets 2026-11-26 "
        + "00:00 UTC)");
  }

  @Test
  void aJobSuspendedForItsUsedUpQuotaResumesWhenTheLimitIsRaisedAndNeverFails() {
    startOperator();
    quota("default", s -> {
      s.setDaily(new UsageLimit(100L, null));
      s.setTimeZone("UTC");
    });
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());
    createJob("welcome", j -> { });
    bed.awaitWorkersRunning("welcome");
    awaitPhase("welcome", JobPhase.Running);

    used(100);
    TTSJob suspended = awaitPhase("welcome", JobPhase.Suspended);
    Condition running = condition(suspended.getStatus().getConditions(), ConditionTypes.RUNNING);
    assertThat(running.getReason()).isEqualTo(StatusCalculator.REASON_QUOTA_EXHAUSTED);
    assertThat(running.getMessage()).isEqualTo("suspended by the namespace's hard TTSQuota: the namespace used its "
        + "daily character limit (100 of 100); resumes at 2026-11-26 00:00 UTC or when the TTSQuota's limit is raised");
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(bed.workerJob("welcome").getSpec().getSuspend()).as("workers paused").isTrue());
    await().atMost(WAIT).untilAsserted(() -> assertThat(events("welcome", "QuotaExhausted"))
        .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));

    editQuota("default", s -> s.setDaily(new UsageLimit(200L, null)));

    await().atMost(WAIT).untilAsserted(() ->
        assertThat(bed.workerJob("welcome").getSpec().getSuspend()).as("workers resumed").isFalse());
    TTSJob resumed = awaitPhase("welcome", JobPhase.Running);
    assertThat(condition(resumed.getStatus().getConditions(), ConditionTypes.FAILED).isTrue())
        .as("running out of quota is no failure").isFalse();
    await().atMost(WAIT).untilAsserted(() -> assertThat(events("welcome", "QuotaResumed")).hasSize(1));
    bed.awaitWorkersRunning("welcome");
  }

  /**
   * 95 of 100 used: the namespace is not used up, but the job's next item needs more than is left. The
   * gateway records the limit it refused the item for; the job is suspended until that limit is raised.
   */
  @Test
  void aJobWhoseNextItemsDoNotFitWhatIsLeftIsSuspendedUntilTheLimitIsRaised() {
    startOperator();
    quota("default", s -> {
      s.setDaily(new UsageLimit(100L, null));
      s.setTimeZone("UTC");
    });
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());
    TTSJob job = createJob("tight", j -> { });
    bed.awaitWorkersRunning("tight");
    used(95);

    UsageWindows windows = UsageWindows.at(clock.instant(), ZoneId.of("UTC"));
    bed.redisConnection.sync().set(RedisKeys.quotaRefusal(bed.namespace, "tight", job.getMetadata().getUid()),
        new UsedUpLimit(windows.dailyKey(bed.namespace), "characters", 100).token());

    TTSJob suspended = awaitPhase("tight", JobPhase.Suspended);
    assertThat(condition(suspended.getStatus().getConditions(), ConditionTypes.RUNNING).getMessage())
        .isEqualTo("suspended by the namespace's hard TTSQuota: the job's next items do not fit what is left of the "
            + "namespace's daily character limit (95 of 100 used); resumes at 2026-11-26 00:00 UTC or when the "
            + "TTSQuota's limit is raised");
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(bed.workerJob("tight").getSpec().getSuspend()).as("workers paused").isTrue());

    editQuota("default", s -> s.setDaily(new UsageLimit(200L, null)));

    await().atMost(WAIT).untilAsserted(() ->
        assertThat(bed.workerJob("tight").getSpec().getSuspend()).as("workers resumed").isFalse());
    assertThat(awaitPhase("tight", JobPhase.Running).getStatus().getPhase()).isEqualTo(JobPhase.Running);
  }

  @Test
  void aRunningJobsParallelismFollowsItsSpecWithinTheQuotasMaxParallelismPerJob() {
    startOperator();
    quota("default", s -> s.setMaxParallelismPerJob(1));
    await().atMost(WAIT).until(() -> !limitsHash().isEmpty());
    createJob("wide", j -> {
      j.getSpec().setItems(texts(5, 5, 5, 5, 5, 5));
      j.getSpec().setParallelism(1);
    });
    assertThat(bed.awaitWorkerJob("wide").getSpec().getParallelism()).isEqualTo(1);

    long generation = bed.editJob("wide", s -> s.setParallelism(3)).getMetadata().getGeneration();
    await().atMost(WAIT).until(() ->
        Long.valueOf(generation).equals(bed.get("wide").getStatus().getObservedGeneration()));
    assertThat(bed.workerJob("wide").getSpec().getParallelism()).as("capped by maxParallelismPerJob 1").isEqualTo(1);

    editQuota("default", s -> s.setMaxParallelismPerJob(2));
    await().atMost(WAIT).untilAsserted(() -> assertThat(bed.workerJob("wide").getSpec().getParallelism())
        .as("the raised cap").isEqualTo(2));
  }
}
