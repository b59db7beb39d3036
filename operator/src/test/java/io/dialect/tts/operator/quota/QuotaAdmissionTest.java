package io.dialect.tts.operator.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.Priority;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import io.dialect.tts.operator.admission.AdmissionDecision;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.dialect.tts.usage.UsageReader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order in which a hard budget goes to the jobs of a namespace, decided by the admission alone: the
 * reconciler may look at jobs applied together in any order, and the outcome must not depend on it.
 * Usage is read from a real (empty) Redis: nothing is used yet.
 */
class QuotaAdmissionTest {
  private static final String NAMESPACE = "team-a";

  private static RedisServer redis;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void redis() {
    redis = RedisServer.start("quota-admission-test");
    client = RedisClient.create(redis.uri());
    connection = client.connect();
  }

  @AfterAll
  static void stop() {
    connection.close();
    client.shutdown();
    redis.close();
  }

  private static QuotaAdmission admission() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    return new QuotaAdmission(new NamespaceBudget(new QuotaLimitsStore(connection), new UsageReader(connection),
        clock), 10_000);
  }

  private static List<TTSQuota> hardDaily(long characters) {
    TTSQuotaSpec spec = new TTSQuotaSpec();
    spec.setDaily(new UsageLimit(characters, null));
    spec.setEnforcement(Enforcement.HARD);
    spec.setTimeZone("UTC");
    TTSQuota quota = new TTSQuota();
    quota.getMetadata().setName("budget");
    quota.getMetadata().setNamespace(NAMESPACE);
    quota.setSpec(spec);
    return List.of(quota);
  }

  /** An admission that has admitted {@code holder}, alone in its namespace then, under a daily 100. */
  private static QuotaAdmission admitting(TTSJob holder) {
    QuotaAdmission admission = admission();
    assertThat(admission.admit(holder, List.of(holder), hardDaily(100)).rejection()).isEmpty();
    return admission;
  }

  /** A job not yet looked at, created at {@code second} past ten, with one item of {@code characters}. */
  private static TTSJob job(String name, int second, int characters) {
    TTSJob job = new TTSJob();
    job.getMetadata().setName(name);
    job.getMetadata().setNamespace(NAMESPACE);
    job.getMetadata().setUid(UUID.randomUUID().toString());
    job.getMetadata().setCreationTimestamp("2026-11-25T10:00:%02dZ".formatted(second));
    TTSJobSpec spec = new TTSJobSpec();
    spec.setDialect("dongbei");
    spec.setItems(List.of(new TTSItem("only", "好".repeat(characters))));
    job.setSpec(spec);
    return job;
  }

  /** The job as it looks once its Admitted=False WaitingForQuota status is written. */
  private static TTSJob waitingForQuota(TTSJob job) {
    Condition admitted = new Condition();
    admitted.setType(ConditionTypes.ADMITTED);
    admitted.setStatus(Condition.Status.False);
    admitted.setReason(ConditionTypes.REASON_WAITING_FOR_QUOTA);
    TTSJobStatus status = new TTSJobStatus();
    status.setConditions(List.of(admitted));
    job.setStatus(status);
    return job;
  }

  @Test
  void ofTwoJobsThatDoNotFitTogetherTheEarlierGetsTheBudgetWhicheverIsLookedAtFirst() {
    TTSJob first = job("first", 1, 60);
    TTSJob second = job("second", 2, 60);
    List<TTSJob> namespace = List.of(first, second);
    QuotaAdmission admission = admission();

    AdmissionDecision secondLookedAtFirst = admission.admit(second, namespace, hardDaily(100));
    assertThat(secondLookedAtFirst.rejection()).hasValueSatisfying(refusal -> {
      assertThat(refusal.reason()).isEqualTo(ConditionTypes.REASON_WAITING_FOR_QUOTA);
      assertThat(refusal.message()).isEqualTo("needs 60 characters, 40 remain of the daily 100 after 60 held by "
          + "jobs queued ahead [first (60)] (resets 2026-11-26 00:00 UTC)");
    });
    assertThat(admission.admit(first, namespace, hardDaily(100)).rejection()).isEmpty();
    assertThat(admission.admit(second, List.of(first, waitingForQuota(second)), hardDaily(100)).rejection())
        .hasValueSatisfying(refusal -> assertThat(refusal.message()).isEqualTo("needs 60 characters, 40 remain of "
            + "the daily 100 after 60 held by admitted jobs [first (60)] (resets 2026-11-26 00:00 UTC)"));
  }

  @Test
  void aHigherPriorityGoesFirstEvenIfCreatedLater() {
    TTSJob routine = job("routine", 1, 60);
    TTSJob urgent = job("urgent", 2, 60);
    urgent.getSpec().setPriority(Priority.HIGH);

    AdmissionDecision decision = admission().admit(routine, List.of(routine, urgent), hardDaily(100));

    assertThat(decision.rejection()).hasValueSatisfying(refusal -> assertThat(refusal.message())
        .contains("held by jobs queued ahead [urgent (60)]"));
  }

  @Test
  void anEarlierJobThatDoesNotFitLetsALaterOneThatFitsPass() {
    TTSJob holder = job("holder", 1, 60);
    QuotaAdmission admission = admitting(holder);
    TTSJob big = waitingForQuota(job("big", 2, 50));
    TTSJob small = job("small", 3, 30);

    AdmissionDecision decision = admission.admit(small, List.of(holder, big, small), hardDaily(100));

    assertThat(decision.rejection()).as("big needs 50 of the 40 left: it waits, small fits and runs").isEmpty();
  }

  @Test
  void aLaterJobWaitsBehindEarlierWaitingJobsThatFitAndSaysWhoHoldsWhat() {
    TTSJob holder = job("holder", 1, 30);
    QuotaAdmission admission = admitting(holder);
    TTSJob next = waitingForQuota(job("next", 2, 40));
    TTSJob last = job("last", 3, 40);

    AdmissionDecision decision = admission.admit(last, List.of(holder, next, last), hardDaily(100));

    assertThat(decision.rejection()).hasValueSatisfying(refusal -> assertThat(refusal.message())
        .isEqualTo("needs 40 characters, 30 remain of the daily 100 after 30 held by admitted jobs [holder (30)] "
            + "and 40 by jobs queued ahead [next (40)] (resets 2026-11-26 00:00 UTC)"));
  }
}
