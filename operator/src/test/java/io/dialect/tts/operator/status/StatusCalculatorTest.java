package io.dialect.tts.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.CharacterCounts;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.ConfigMapSource;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.PvcOutput;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import io.dialect.tts.api.v1alpha1.TTSSource;
import io.dialect.tts.operator.progress.ProgressSnapshot;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
  private final StatusCalculator calculator =
      new StatusCalculator(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  private static TTSJob sourceJob(boolean suspend) {
    TTSJob job = new TTSJob();
    job.getMetadata().setName("big");
    job.getMetadata().setNamespace("ns");
    job.getMetadata().setGeneration(3L);
    TTSJobSpec spec = new TTSJobSpec();
    TTSSource source = new TTSSource();
    source.setConfigMapRef(new ConfigMapSource());
    spec.setSource(source);
    TTSOutput output = new TTSOutput();
    PvcOutput pvc = new PvcOutput();
    pvc.setClaimName("audio");
    pvc.setPath("out");
    output.setPvc(pvc);
    spec.setOutput(output);
    spec.setSuspend(suspend);
    job.setSpec(spec);
    return job;
  }

  private static Job worker(int active) {
    return new JobBuilder().withNewMetadata().withName("ttsjob-big").endMetadata()
        .withNewSpec().withCompletions(2).endSpec()
        .withNewStatus().withActive(active).endStatus().build();
  }

  private static ProgressSnapshot progress(long succeeded, long failed, long total, long shardsDone) {
    return new ProgressSnapshot(total, succeeded, failed, 0, 0, 0, 0, shardsDone, 0, Map.of(), null);
  }

  @Test
  void aSourceJobsTotalIsUnknownUntilEveryShardHasReadItsPart() {
    TTSJobStatus early = calculator.observe(sourceJob(false), worker(2), progress(3, 0, 7, 1), Optional.empty(), Optional.empty());
    assertThat(early.getProgress()).isEqualTo("3/?");
    assertThat(early.getTotal()).isNull();
    TTSJobStatus later = calculator.observe(sourceJob(false), worker(2), progress(3, 0, 9, 2), Optional.empty(), Optional.empty());
    assertThat(later.getProgress()).isEqualTo("3/9");
    assertThat(later.getManifest()).isEqualTo("pvc://audio/out/manifest.jsonl");
  }

  @Test
  void countsNeverGoBackWhenRedisLostTheHashesOfShardsThatFinished() {
    TTSJob job = sourceJob(false);
    job.setStatus(calculator.observe(job, worker(2), progress(40, 1, 0, 0), Optional.empty(), Optional.empty()));

    TTSJobStatus afterLoss = calculator.observe(job, worker(2), progress(12, 0, 0, 0), Optional.empty(),
        Optional.empty());

    assertThat(afterLoss.getSucceeded()).isEqualTo(40);
    assertThat(afterLoss.getFailed()).isEqualTo(1);
    assertThat(afterLoss.getProgress()).isEqualTo("41/?");
  }

  @Test
  void phasesFollowTheFacts() {
    assertThat(calculator.observe(sourceJob(false), worker(0), ProgressSnapshot.EMPTY, Optional.empty(), Optional.empty()).getPhase())
        .as("no pod yet").isEqualTo(JobPhase.Pending);
    assertThat(calculator.observe(sourceJob(false), worker(1), ProgressSnapshot.EMPTY, Optional.empty(), Optional.empty()).getPhase())
        .isEqualTo(JobPhase.Running);
    assertThat(calculator.observe(sourceJob(true), worker(0), ProgressSnapshot.EMPTY, Optional.empty(), Optional.empty()).getPhase())
        .isEqualTo(JobPhase.Suspended);
    TTSJobStatus failed = calculator.observe(sourceJob(false), worker(1), progress(1, 1, 0, 0), Optional.empty(), Optional.empty());
    assertThat(failed.getPhase()).as("one failed item over maxFailedItems 0").isEqualTo(JobPhase.Failed);
    assertThat(failed.getCompletionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(failed.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
    assertThat(Conditions.isTrue(failed.getConditions(), ConditionTypes.FAILED)).isTrue();
  }

  @Test
  void aUsedUpHardQuotaSuspendsTheJobAndNeverFailsIt() {
    String why = "the namespace used its daily character limit (100 of 100); resumes at 2026-01-02 00:00 UTC";

    TTSJobStatus held = calculator.observe(sourceJob(false), worker(0), progress(1, 0, 0, 0), Optional.of(why),
        Optional.empty());

    assertThat(held.getPhase()).isEqualTo(JobPhase.Suspended);
    assertThat(held.getReason()).as("kubectl get's Reason column").isEqualTo(StatusCalculator.REASON_QUOTA_EXHAUSTED);
    assertThat(held.getCompletionTime()).as("not finished").isNull();
    assertThat(Conditions.find(held.getConditions(), ConditionTypes.RUNNING)).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo(StatusCalculator.REASON_QUOTA_EXHAUSTED);
      assertThat(c.getMessage()).isEqualTo("suspended by the namespace's hard TTSQuota: " + why);
    });
    assertThat(Conditions.isTrue(held.getConditions(), ConditionTypes.FAILED)).isFalse();
  }

  @Test
  void workerPodsThatCannotStartKeepANewJobPendingAndSayWhyInTheRunningCondition() {
    String why = "worker pod ttsjob-big-0-x: CreateContainerConfigError: secret \"keys\" not found";

    TTSJobStatus stuck = calculator.observe(sourceJob(false), worker(1), ProgressSnapshot.EMPTY, Optional.empty(),
        Optional.of(why));

    assertThat(stuck.getPhase()).as("the pod is active for the Job controller, not started for the user")
        .isEqualTo(JobPhase.Pending);
    assertThat(stuck.getStartTime()).isNull();
    assertThat(stuck.getReason()).isEqualTo(StatusCalculator.REASON_WORKER_PODS_NOT_STARTING);
    assertThat(Conditions.find(stuck.getConditions(), ConditionTypes.RUNNING)).hasValueSatisfying(c -> {
      assertThat(c.isTrue()).isFalse();
      assertThat(c.getReason()).isEqualTo(StatusCalculator.REASON_WORKER_PODS_NOT_STARTING);
      assertThat(c.getMessage()).startsWith(why);
    });
  }

  @Test
  void aRejectedJobStaysPendingWithAdmittedFalse() {
    TTSJobStatus status = calculator.rejected(sourceJob(false), new Rejection("InvalidSpec", "fix the dialect"),
        JobPhase.Pending);
    assertThat(status.getPhase()).isEqualTo(JobPhase.Pending);
    assertThat(status.getReason()).as("kubectl get's Reason column").isEqualTo("InvalidSpec");
    assertThat(Conditions.find(status.getConditions(), ConditionTypes.ADMITTED)).hasValueSatisfying(c -> {
      assertThat(c.isTrue()).isFalse();
      assertThat(c.getMessage()).isEqualTo("fix the dialect");
    });
  }

  @Test
  void aFinishedJobTakesInBillingWrittenLateForAMinuteAndNeverLowersIt() {
    TTSJob job = sourceJob(false);
    TTSJobStatus finished = new TTSJobStatus();
    finished.setPhase(JobPhase.Succeeded);
    finished.setCompletionTime("2025-12-31T23:59:30Z");
    finished.setCharacters(new CharacterCounts(900L, 855L));
    job.setStatus(finished);

    assertThat(calculator.billingSettling(job)).as("30 s after it finished").isTrue();
    TTSJobStatus raised = calculator.settled(job, billed(900));
    assertThat(raised.getCharacters().getBilled()).isEqualTo(900);
    assertThat(raised.getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(raised.getCompletionTime()).isEqualTo(finished.getCompletionTime());
    assertThat(calculator.settled(job, billed(510)).getCharacters().getBilled())
        .as("a hash Redis lost and that is only partly written again").isEqualTo(855);

    finished.setCompletionTime("2025-12-31T23:58:59Z");
    assertThat(calculator.billingSettling(job)).as("61 s after it finished").isFalse();
  }

  private static ProgressSnapshot billed(long characters) {
    return new ProgressSnapshot(0, 0, 0, 0, 0, 0, characters, 0, 0, Map.of(), null);
  }
}
