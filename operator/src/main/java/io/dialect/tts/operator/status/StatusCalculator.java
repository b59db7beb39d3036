package io.dialect.tts.operator.status;

import io.dialect.tts.api.OutputLayout;
import io.dialect.tts.api.v1alpha1.CharacterCounts;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.Condition.Status;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import io.dialect.tts.operator.launch.WorkerLauncher;
import io.dialect.tts.operator.progress.ProgressSnapshot;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes a TTSJob's status from the facts: the previous status, the worker Job and the Redis
 * counters. Pure apart from the clock, so the phase rules are unit-tested here.
 */
public final class StatusCalculator {
  public static final String REASON_ADMITTED = "Admitted";
  public static final String REASON_TOO_MANY_FAILED = "TooManyFailedItems";
  public static final String REASON_WORKER_JOB_FAILED = "WorkerJobFailed";
  public static final String REASON_SUCCEEDED = "Succeeded";
  public static final String REASON_LOCAL_FALLBACK = "LocalFallback";
  /**
   * Reason of the Running condition while a used-up hard quota suspends the job's workers (phase Suspended):
   * running out never fails a job, it resumes at the window's reset or when the limit is raised.
   */
  public static final String REASON_QUOTA_EXHAUSTED = "QuotaExhausted";
  /** Reason of the Running condition while no worker pod runs and one cannot start (see {@link WorkerPods}). */
  public static final String REASON_WORKER_PODS_NOT_STARTING = "WorkerPodsNotStarting";

  /** How long after a job finished its status still takes in billing the gateways write late. */
  public static final Duration BILLING_SETTLES = Duration.ofSeconds(60);

  private final Clock clock;
  private final Conditions conditions;

  public StatusCalculator(Clock clock) {
    this.clock = clock;
    this.conditions = new Conditions(clock);
  }

  public static boolean isFinished(TTSJob job) {
    return job.getStatus() != null && job.getStatus().getPhase() != null && job.getStatus().getPhase().isFinished();
  }

  /**
   * Whether a finished job's billed characters may still rise: for {@link #BILLING_SETTLES} after it
   * finished. A gateway writes what it billed while Redis was away, or after Redis lost it, once Redis
   * is back (its client reconnects within 30 s, then it flushes every 2 s), which can be after the job's
   * pods are done.
   */
  public boolean billingSettling(TTSJob job) {
    String completed = current(job).getCompletionTime();
    return isFinished(job) && completed != null
        && clock.instant().isBefore(Timestamps.parse(completed).plus(BILLING_SETTLES));
  }

  /** A finished job's status with its character counts raised to what the gateways wrote since; never lowered. */
  public TTSJobStatus settled(TTSJob job, ProgressSnapshot progress) {
    TTSJobStatus next = copy(current(job));
    ProgressSnapshot counted = notBelow(progress, next);
    next.setCharacters(new CharacterCounts(counted.charactersTotal(), counted.charactersBilled()));
    return next;
  }

  /** Whether the status says the job's worker pods cannot start (its Running condition's reason). */
  public static boolean workerPodsNotStarting(TTSJobStatus status) {
    return Conditions.find(status.getConditions(), ConditionTypes.RUNNING)
        .map(c -> REASON_WORKER_PODS_NOT_STARTING.equals(c.getReason())).orElse(false);
  }

  /** The job's status as it is, with its current generation observed (a finished job's edits change nothing). */
  public static TTSJobStatus generationObserved(TTSJob job) {
    TTSJobStatus next = copy(current(job));
    next.setObservedGeneration(job.getMetadata().getGeneration());
    return next;
  }

  public static TTSJobStatus current(TTSJob job) {
    return job.getStatus() == null ? new TTSJobStatus() : job.getStatus();
  }

  /**
   * A job that may not start: {@code phase} (Pending when the spec or configuration is at fault, Queued
   * when the quota holds it back) with Admitted=False; everything else stays as it was.
   */
  public TTSJobStatus rejected(TTSJob job, Rejection rejection, JobPhase phase) {
    TTSJobStatus next = copy(current(job));
    Long generation = job.getMetadata().getGeneration();
    next.setPhase(phase);
    next.setReason(rejection.reason());
    next.setObservedGeneration(generation);
    next.setConditions(conditions.set(next.getConditions(), ConditionTypes.ADMITTED, Status.False,
        rejection.reason(), rejection.message(), generation));
    return next;
  }

  /**
   * The status of an admitted job whose worker Job exists.
   *
   * @param quotaHold        why a used-up hard quota suspends the job's workers; empty when it does not
   * @param podsNotStarting  why the worker pods cannot start ({@link WorkerPods#notStarting}); empty when they can
   */
  public TTSJobStatus observe(TTSJob job, Job worker, ProgressSnapshot progress, Optional<String> quotaHold,
      Optional<String> podsNotStarting) {
    TTSJobStatus previous = current(job);
    TTSJobStatus next = new TTSJobStatus();
    Long generation = job.getMetadata().getGeneration();
    int shards = WorkerLauncher.shards(worker);
    progress = notBelow(progress, previous);
    Optional<Long> total = total(job, progress, shards).or(() -> Optional.ofNullable(previous.getTotal()));

    next.setObservedGeneration(generation);
    next.setWorkerJob(worker.getMetadata().getName());
    next.setShards(shards);
    next.setManifest(OutputLayout.of(job.getMetadata().getNamespace(), job.getSpec().getOutput()).manifestUri());
    next.setTotal(total.orElse(null));
    next.setSucceeded(progress.succeeded());
    next.setFailed(progress.failed());
    next.setCached(progress.cached());
    next.setProgress(progress.finished() + "/" + total.map(String::valueOf).orElse("?"));
    next.setCharacters(new CharacterCounts(progress.charactersTotal(), progress.charactersBilled()));
    next.setProviders(progress.providers().isEmpty() ? null : progress.providers());

    Outcome outcome = outcome(job, worker, progress, quotaHold, podsNotStarting);
    next.setPhase(outcome.phase());
    next.setReason(outcome.reason());
    next.setStartTime(Optional.ofNullable(previous.getStartTime())
        .orElse(outcome.phase() == JobPhase.Pending || outcome.phase() == JobPhase.Suspended
            ? null : Timestamps.format(clock.instant())));
    next.setCompletionTime(Optional.ofNullable(previous.getCompletionTime())
        .orElse(outcome.phase().isFinished() ? Timestamps.format(clock.instant()) : null));

    List<Condition> list = new ArrayList<>(previous.getConditions() == null ? List.of() : previous.getConditions());
    list = conditions.set(list, ConditionTypes.ADMITTED, Status.True, REASON_ADMITTED,
        "admitted: " + (job.getSpec().getItems() != null ? job.getSpec().getItems().size() + " items" : "items of spec.source")
            + " in " + shards + " shards, worker Job " + worker.getMetadata().getName(), generation);
    // Suspended and stuck jobs say why in the Running condition; otherwise it just follows the phase.
    boolean explained = outcome.phase() == JobPhase.Suspended || REASON_WORKER_PODS_NOT_STARTING.equals(outcome.reason());
    boolean running = outcome.phase() == JobPhase.Running && !explained;
    list = conditions.set(list, ConditionTypes.RUNNING, running ? Status.True : Status.False,
        explained ? outcome.reason() : outcome.phase().name(),
        explained ? outcome.message() : "the job is " + outcome.phase(), generation);
    list = conditions.set(list, ConditionTypes.DEGRADED, progress.degraded() > 0 ? Status.True : Status.False,
        progress.degraded() > 0 ? REASON_LOCAL_FALLBACK : "NoFallback",
        progress.degraded() > 0
            ? "some items were synthesized by the local fallback engine (lower quality); the manifest marks them"
            : "no item needed the local fallback engine", generation);
    list = conditions.set(list, ConditionTypes.COMPLETE,
        outcome.phase() == JobPhase.Succeeded ? Status.True : Status.False,
        outcome.phase() == JobPhase.Succeeded ? REASON_SUCCEEDED : outcome.phase().name(),
        outcome.phase() == JobPhase.Succeeded ? outcome.message() + "; manifest: " + next.getManifest()
            : "the job is " + outcome.phase(), generation);
    list = conditions.set(list, ConditionTypes.FAILED, outcome.phase() == JobPhase.Failed ? Status.True : Status.False,
        outcome.phase() == JobPhase.Failed ? outcome.reason() : "NotFailed",
        outcome.phase() == JobPhase.Failed ? outcome.message() : "the job has not failed", generation);
    next.setConditions(list);
    return next;
  }

  /**
   * The counts never go back: a retried shard recounts from zero, and a Redis that lost its data (without
   * persistence) lost the hashes of shards that had finished; what status showed was counted already.
   */
  static ProgressSnapshot notBelow(ProgressSnapshot progress, TTSJobStatus previous) {
    Map<String, Long> providers = new TreeMap<>(progress.providers());
    if (previous.getProviders() != null) {
      previous.getProviders().forEach((name, count) -> providers.merge(name, count, Math::max));
    }
    CharacterCounts characters = previous.getCharacters();
    return new ProgressSnapshot(progress.total(), Math.max(progress.succeeded(), orZero(previous.getSucceeded())),
        Math.max(progress.failed(), orZero(previous.getFailed())), Math.max(progress.cached(),
            orZero(previous.getCached())), progress.degraded(),
        Math.max(progress.charactersTotal(), characters == null ? 0 : orZero(characters.getTotal())),
        Math.max(progress.charactersBilled(), characters == null ? 0 : orZero(characters.getBilled())),
        progress.shardsDone(), progress.held(), providers, progress.quotaRefusal());
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  /** Inline jobs know their size; source jobs know it once every shard has read its part. */
  private static Optional<Long> total(TTSJob job, ProgressSnapshot progress, int shards) {
    if (job.getSpec().getItems() != null) {
      return Optional.of((long) job.getSpec().getItems().size());
    }
    return progress.shardsDone() >= shards ? Optional.of(progress.total()) : Optional.empty();
  }

  private record Outcome(JobPhase phase, String reason, String message) {
  }

  private static Outcome outcome(TTSJob job, Job worker, ProgressSnapshot progress, Optional<String> quotaHold,
      Optional<String> podsNotStarting) {
    int maxFailed = job.getSpec().maxFailedItems();
    if (progress.failed() > maxFailed) {
      return new Outcome(JobPhase.Failed, REASON_TOO_MANY_FAILED, progress.failed()
          + " items failed, more than spec.failurePolicy.maxFailedItems (" + maxFailed
          + "); the manifest lists each item's reason");
    }
    Optional<JobCondition> failed = condition(worker, "Failed");
    if (failed.isPresent()) {
      return new Outcome(JobPhase.Failed, REASON_WORKER_JOB_FAILED, "worker Job " + worker.getMetadata().getName()
          + " failed (" + failed.get().getReason() + "): " + Optional.ofNullable(failed.get().getMessage()).orElse("")
          + "; see the worker pods' logs");
    }
    if (condition(worker, "Complete").isPresent()) {
      return new Outcome(JobPhase.Succeeded, REASON_SUCCEEDED, progress.succeeded() + " items succeeded ("
          + progress.cached() + " from cache), " + progress.failed() + " failed");
    }
    if (job.getSpec().isSuspended()) {
      return new Outcome(JobPhase.Suspended, "Suspended", "spec.suspend is true");
    }
    if (quotaHold.isPresent()) {
      return new Outcome(JobPhase.Suspended, REASON_QUOTA_EXHAUSTED, "suspended by the namespace's hard TTSQuota: "
          + quotaHold.get());
    }
    boolean active = worker.getStatus() != null && worker.getStatus().getActive() != null
        && worker.getStatus().getActive() > 0;
    // Pods that exist but cannot start are active for the Job controller, not started for the user.
    boolean started = active && podsNotStarting.isEmpty() || progress.finished() > 0
        || current(job).getStartTime() != null;
    JobPhase phase = started ? JobPhase.Running : JobPhase.Pending;
    if (podsNotStarting.isPresent()) {
      return new Outcome(phase, REASON_WORKER_PODS_NOT_STARTING, podsNotStarting.get()
          + "; the job goes on once the worker pods can start");
    }
    return started ? new Outcome(phase, "Running", "workers are running")
        : new Outcome(phase, "Pending", "waiting for worker pods");
  }

  /** The worker Job's condition of this type (Complete, Failed, Suspended, ...) when it is True. */
  public static Optional<JobCondition> condition(Job worker, String type) {
    return worker.getStatus() == null || worker.getStatus().getConditions() == null ? Optional.empty()
        : worker.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
  }

  private static TTSJobStatus copy(TTSJobStatus status) {
    TTSJobStatus copy = new TTSJobStatus();
    copy.setPhase(status.getPhase());
    copy.setTotal(status.getTotal());
    copy.setSucceeded(status.getSucceeded());
    copy.setFailed(status.getFailed());
    copy.setCached(status.getCached());
    copy.setProgress(status.getProgress());
    copy.setCharacters(status.getCharacters());
    copy.setProviders(status.getProviders());
    copy.setManifest(status.getManifest());
    copy.setWorkerJob(status.getWorkerJob());
    copy.setShards(status.getShards());
    copy.setStartTime(status.getStartTime());
    copy.setCompletionTime(status.getCompletionTime());
    copy.setObservedGeneration(status.getObservedGeneration());
    copy.setConditions(new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions()));
    return copy;
  }
}
