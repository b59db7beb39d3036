package io.dialect.tts.operator.reconciler;

import io.dialect.tts.api.Labels;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.operator.admission.AdmissionDecision;
import io.dialect.tts.operator.admission.AdmissionPolicy;
import io.dialect.tts.operator.events.EventReason;
import io.dialect.tts.operator.events.EventRecorder;
import io.dialect.tts.operator.launch.ShardPlan;
import io.dialect.tts.operator.launch.ShardPlanner;
import io.dialect.tts.operator.launch.WorkerLauncher;
import io.dialect.tts.operator.launch.WorkerLauncher.LiveSettings;
import io.dialect.tts.operator.metrics.JobMetrics;
import io.dialect.tts.operator.progress.ProgressCleanup;
import io.dialect.tts.operator.progress.ProgressCounters;
import io.dialect.tts.operator.progress.ProgressPoller;
import io.dialect.tts.operator.progress.ProgressSnapshot;
import io.dialect.tts.operator.quota.ActiveJobs;
import io.dialect.tts.operator.quota.NamespaceBudget;
import io.dialect.tts.operator.status.Conditions;
import io.dialect.tts.operator.status.Rejection;
import io.dialect.tts.operator.status.StatusCalculator;
import io.dialect.tts.operator.status.StatusThrottle;
import io.dialect.tts.operator.status.Timestamps;
import io.dialect.tts.operator.status.WorkerPods;
import io.dialect.tts.operator.validation.JobValidator;
import io.dialect.tts.operator.validation.MisconfiguredException;
import io.dialect.tts.operator.validation.ProviderConfigSource;
import io.dialect.tts.api.catalog.VoiceCatalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.lettuce.core.RedisException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a TTSJob into an indexed worker Job and reports its progress: check the job, admit it, launch
 * the workers, observe the Redis counters and the Job, keep the worker Job in step with the spec and the
 * quota (suspend, parallelism, deadline), and write what changed, the generation in effect among it.
 */
public final class TTSJobReconciler implements Reconciler<TTSJob>, Cleaner<TTSJob> {
  /** How soon a job that was not admitted is looked at again (a missing ConfigMap may appear). */
  static final Duration RECHECK_REJECTED = Duration.ofSeconds(30);
  /**
   * How soon a job is looked at again once its finished status is written (a status write alone does not
   * reconcile it): then its worker Job may expire.
   */
  static final Duration RECHECK_FINISHED = Duration.ofSeconds(1);

  private final ProviderConfigSource providerConfig;
  private final JobValidator validator;
  private final AdmissionPolicy admission;
  private final ShardPlanner planner;
  private final WorkerLauncher launcher;
  private final ProgressCounters counters;
  private final ProgressCleanup progressCleanup;
  private final StatusCalculator calculator;
  private final StatusThrottle throttle;
  private final EventRecorder events;
  private final JobMetrics jobMetrics;
  private final Duration pollInterval;
  private final NamespaceBudget budget;
  private final ActiveJobs activeJobs;
  private final Duration quotaRecheck;
  private final Clock clock;
  private InformerEventSource<Pod, TTSJob> workerPods;
  private InformerEventSource<TTSQuota, TTSJob> quotas;

  /**
   * @param budget       says when a used-up hard quota must pause the namespace's running jobs
   * @param quotaRecheck how soon a job held back by its quota (queued or suspended) is looked at again
   * @param activeJobs   given this controller's cache, for the TTSQuotas' status
   */
  public TTSJobReconciler(ProviderConfigSource providerConfig, JobValidator validator, AdmissionPolicy admission,
      ShardPlanner planner, WorkerLauncher launcher, ProgressCounters counters, ProgressCleanup progressCleanup,
      StatusThrottle throttle, EventRecorder events, JobMetrics jobMetrics, Duration pollInterval, NamespaceBudget budget,
      Duration quotaRecheck, ActiveJobs activeJobs, Clock clock) {
    this.providerConfig = providerConfig;
    this.validator = validator;
    this.admission = admission;
    this.planner = planner;
    this.launcher = launcher;
    this.counters = counters;
    this.progressCleanup = progressCleanup;
    this.calculator = new StatusCalculator(clock);
    this.throttle = throttle;
    this.events = events;
    this.jobMetrics = jobMetrics;
    this.pollInterval = pollInterval;
    this.budget = budget;
    this.quotaRecheck = quotaRecheck;
    this.activeJobs = activeJobs;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TTSJob>> prepareEventSources(EventSourceContext<TTSJob> context) {
    activeJobs.readFrom(context.getPrimaryCache());
    var workerJobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, TTSJob.class)
        .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE)
        .build(), context);
    // Worker pods (owned by the Job, not the TTSJob), found by the TTSJob uid they carry as a label: a
    // kubelet's waiting reason on them explains a job that does not start.
    workerPods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, TTSJob.class)
        .withName("worker-pods")
        .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE)
        .withSecondaryToPrimaryMapper(pod -> context.getPrimaryCache()
            .list(pod.getMetadata().getNamespace(), job -> job.getMetadata().getUid()
                .equals(pod.getMetadata().getLabels().get(Labels.JOB_UID)))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build(), context);
    // A TTSQuota change (spec, or the status the quota reconciler writes as usage and windows move)
    // re-evaluates the namespace's jobs: queued ones may now be admitted, suspended ones resumed.
    quotas = new InformerEventSource<>(InformerEventSourceConfiguration.from(TTSQuota.class, TTSJob.class)
        .withSecondaryToPrimaryMapper(quota -> context.getPrimaryCache()
            .list(job -> quota.getMetadata().getNamespace().equals(job.getMetadata().getNamespace()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build(), context);
    return List.of(workerJobs, workerPods, quotas, ProgressPoller.eventSource(context, counters, pollInterval,
        job -> !StatusCalculator.isFinished(job) || calculator.billingSettling(job)));
  }

  @Override
  public UpdateControl<TTSJob> reconcile(TTSJob job, Context<TTSJob> context) {
    jobMetrics.record(job.getMetadata().getNamespace(), job.getMetadata().getUid(), StatusCalculator.current(job));
    if (StatusCalculator.isFinished(job)) {
      // Only now that the status holds the outcome may the worker Job go: without it the job would launch again.
      ownedWorkerJob(job, context).ifPresent(launcher::expire);
      return settleBilling(job).or(() -> acknowledgeGeneration(job)).orElseGet(() -> expireAfterTtl(job, context));
    }
    Optional<Job> worker = ownedWorkerJob(job, context);
    if (worker.isEmpty()) {
      Launch launch = admit(job, context);
      if (launch.rejection().isPresent()) {
        return reject(job, launch.rejection().get(), launch.queued());
      }
      worker = Optional.of(launcher.launch(job, launch.plan()));
      events.record(job, EventReason.Started, "started worker Job " + worker.get().getMetadata().getName() + " with "
          + launch.plan().shards() + " shards, " + launch.plan().parallelism() + " at a time");
    }
    ProgressSnapshot progress = counters.read(job, WorkerLauncher.shards(worker.get()));
    String namespace = job.getMetadata().getNamespace();
    // The namespace used a limit up, or this job's next items do not fit what is left of one.
    Optional<String> quotaHold = budget.exhausted(namespace).or(() -> progress.quotaRefusal() == null
        ? Optional.empty() : budget.refusalStands(namespace, progress.quotaRefusal()));
    TTSJobStatus next = calculator.observe(job, worker.get(), progress, quotaHold,
        WorkerPods.notStarting(workerPods.list(job.getMetadata().getNamespace(),
            pod -> job.getMetadata().getUid().equals(pod.getMetadata().getLabels().get(Labels.JOB_UID))).toList()));
    boolean heldByQuota = quotaHold.isPresent() && !next.getPhase().isFinished();
    // A job failed on items stops its workers so nothing more is billed; a used-up hard quota pauses them
    // until the window resets or the limit is raised; otherwise the worker Job follows the spec (which the
    // operator never writes). Applied before the status that says this generation is in effect.
    launcher.keepInStep(worker.get(), new LiveSettings(
        job.getSpec().isSuspended() || next.getPhase() == JobPhase.Failed || heldByQuota,
        planner.parallelism(job.getSpec(), quotaParallelismCap(job), WorkerLauncher.shards(worker.get())),
        job.getSpec().getActiveDeadlineSeconds()));
    announce(job, StatusCalculator.current(job), next);
    UpdateControl<TTSJob> control = write(job, next);
    return heldByQuota ? control.rescheduleAfter(quotaRecheck) : control;
  }

  /**
   * The worker Job this TTSJob owns, by uid: a namesake's Job (the TTSJob was deleted and re-created
   * before the garbage collector removed it) shares the owner's name but is not this job's.
   */
  private static Optional<Job> ownedWorkerJob(TTSJob job, Context<TTSJob> context) {
    return context.getSecondaryResources(Job.class).stream()
        .filter(worker -> worker.getMetadata().getOwnerReferences().stream()
            .anyMatch(owner -> job.getMetadata().getUid().equals(owner.getUid())))
        .findFirst();
  }

  /** The strictest maxParallelismPerJob of the namespace's TTSQuotas (as they merge); no cap without one. */
  private int quotaParallelismCap(TTSJob job) {
    return quotas.list(job.getMetadata().getNamespace(), q -> q.getMetadata().getDeletionTimestamp() == null)
        .map(q -> q.getSpec() == null ? null : q.getSpec().getMaxParallelismPerJob())
        .filter(Objects::nonNull)
        .mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
  }

  @Override
  public DeleteControl cleanup(TTSJob job, Context<TTSJob> context) {
    progressCleanup.delete(job);
    throttle.forget(job.getMetadata().getUid());
    jobMetrics.forget(job.getMetadata().getUid());
    return DeleteControl.defaultDelete();
  }

  /** @param queued held back by the quota (phase Queued) rather than by the spec or configuration (Pending) */
  private record Launch(Optional<Rejection> rejection, ShardPlan plan, boolean queued) {
    static Launch rejected(Rejection rejection) {
      return new Launch(Optional.of(rejection), null, false);
    }
  }

  /** Voice catalog, semantic validation, then admission: the first "no" wins. */
  private Launch admit(TTSJob job, Context<TTSJob> context) {
    VoiceCatalog catalog;
    try {
      catalog = providerConfig.load();
    } catch (MisconfiguredException e) {
      return Launch.rejected(new Rejection(ConditionTypes.REASON_MISCONFIGURED, e.getMessage()));
    }
    Optional<Rejection> invalid = validator.validate(job, catalog);
    if (invalid.isPresent()) {
      return Launch.rejected(invalid.get());
    }
    String namespace = job.getMetadata().getNamespace();
    AdmissionDecision decision = admission.admit(job, context.getPrimaryCache().list(namespace).toList(),
        quotas.list(namespace).toList());
    if (decision.rejection().isPresent()) {
      return new Launch(decision.rejection(), null, true);
    }
    events.record(job, EventReason.Admitted, "admitted " + job.getMetadata().getName());
    return new Launch(Optional.empty(), planner.plan(job.getSpec(), decision.parallelismCap()), false);
  }

  private UpdateControl<TTSJob> reject(TTSJob job, Rejection rejection, boolean queued) {
    // An Event when the job comes to this reason, not at every look again (a queued job is looked at every
    // quota change and recheck: a thousand of them would each write an Event every time).
    boolean alreadyTold = Conditions.find(job.getStatus() == null ? null : job.getStatus().getConditions(),
        ConditionTypes.ADMITTED).filter(c -> c.getStatus() == Condition.Status.False && rejection.reason().equals(c.getReason()))
        .isPresent();
    if (!alreadyTold) {
      events.record(job, EventReason.ofCondition(rejection.reason()), rejection.message());
    }
    return write(job, calculator.rejected(job, rejection, queued ? JobPhase.Queued : JobPhase.Pending))
        .rescheduleAfter(queued ? quotaRecheck : RECHECK_REJECTED);
  }

  /** Events for what changed between the written status and the new one. */
  private void announce(TTSJob job, TTSJobStatus previous, TTSJobStatus next) {
    boolean wasHeld = quotaHeld(previous);
    if (!wasHeld && quotaHeld(next)) {
      events.record(job, EventReason.QuotaExhausted, Conditions.find(next.getConditions(), ConditionTypes.RUNNING)
          .orElseThrow().getMessage());
    }
    if (wasHeld && !quotaHeld(next)) {
      events.record(job, EventReason.QuotaResumed, "the quota window reset or the limit was raised: workers resume");
    }
    if (!StatusCalculator.workerPodsNotStarting(previous) && StatusCalculator.workerPodsNotStarting(next)) {
      events.record(job, EventReason.WorkerPodsNotStarting, Conditions.find(next.getConditions(),
          ConditionTypes.RUNNING).orElseThrow().getMessage());
    }
    if (!Conditions.isTrue(previous.getConditions(), ConditionTypes.DEGRADED)
        && Conditions.isTrue(next.getConditions(), ConditionTypes.DEGRADED)) {
      events.record(job, EventReason.Degraded, Conditions.find(next.getConditions(), ConditionTypes.DEGRADED)
          .orElseThrow().getMessage());
    }
    if (previous.getPhase() != next.getPhase() && next.getPhase() == JobPhase.Succeeded) {
      events.record(job, EventReason.Completed, Conditions.find(next.getConditions(), ConditionTypes.COMPLETE)
          .orElseThrow().getMessage());
    }
    if (previous.getPhase() != next.getPhase() && next.getPhase() == JobPhase.Failed) {
      events.record(job, EventReason.Failed, Conditions.find(next.getConditions(), ConditionTypes.FAILED)
          .orElseThrow().getMessage());
    }
    if (previous.getPhase() != next.getPhase()) {
      jobMetrics.finished(job.getMetadata().getNamespace(), job.getMetadata().getUid(), next.getPhase());
    }
  }

  private static boolean quotaHeld(TTSJobStatus status) {
    return status.getPhase() == JobPhase.Suspended && Conditions.find(status.getConditions(), ConditionTypes.RUNNING)
        .map(c -> StatusCalculator.REASON_QUOTA_EXHAUSTED.equals(c.getReason())).orElse(false);
  }

  /** Patches status when it changed and the throttle allows; otherwise looks again when it will. */
  private UpdateControl<TTSJob> write(TTSJob job, TTSJobStatus next) {
    String uid = job.getMetadata().getUid();
    jobMetrics.record(job.getMetadata().getNamespace(), uid, next);
    Optional<Duration> delay = throttle.delay(uid, StatusCalculator.current(job), next);
    if (delay.isPresent()) {
      return delay.get().isZero() ? UpdateControl.noUpdate() : UpdateControl.<TTSJob>noUpdate().rescheduleAfter(delay.get());
    }
    throttle.written(uid);
    UpdateControl<TTSJob> patch = UpdateControl.patchStatus(statusOnly(job, next));
    return next.getPhase().isFinished() ? patch.rescheduleAfter(RECHECK_FINISHED) : patch;
  }

  /** A fresh object with only identity and status, so a status write can never carry a stale spec. */
  private static TTSJob statusOnly(TTSJob job, TTSJobStatus status) {
    TTSJob patch = new TTSJob();
    patch.getMetadata().setName(job.getMetadata().getName());
    patch.getMetadata().setNamespace(job.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }

  /** A finished job's billed characters that gateways wrote after it ended (Redis was away or lost them). */
  private Optional<UpdateControl<TTSJob>> settleBilling(TTSJob job) {
    Integer shards = job.getStatus().getShards();
    if (!calculator.billingSettling(job) || shards == null || shards == 0) {
      return Optional.empty();
    }
    try {
      TTSJobStatus settled = calculator.settled(job, counters.read(job, shards));
      return settled.equals(job.getStatus()) ? Optional.empty() : Optional.of(write(job, settled));
    } catch (RedisException e) {
      return Optional.empty(); // the poller reads again, and a change reconciles the job
    }
  }

  /**
   * An edit of a finished job's mutable fields (parallelism, suspend, TTL) changes nothing it did, but GitOps
   * health checks wait for status.observedGeneration to reach the generation: without this a synced edit would
   * read as in progress until the tool's timeout.
   */
  private Optional<UpdateControl<TTSJob>> acknowledgeGeneration(TTSJob job) {
    Long generation = job.getMetadata().getGeneration();
    if (generation == null || generation.equals(job.getStatus().getObservedGeneration())) {
      return Optional.empty();
    }
    return Optional.of(write(job, StatusCalculator.generationObserved(job)));
  }

  /** ttlSecondsAfterFinished: a finished TTSJob is deleted once its time is up. */
  private UpdateControl<TTSJob> expireAfterTtl(TTSJob job, Context<TTSJob> context) {
    Long ttl = job.getSpec().getTtlSecondsAfterFinished();
    String completed = job.getStatus().getCompletionTime();
    if (ttl == null || completed == null) {
      return UpdateControl.noUpdate();
    }
    Instant expiry = Timestamps.parse(completed).plusSeconds(ttl);
    Duration left = Duration.between(clock.instant(), expiry);
    if (left.isNegative() || left.isZero()) {
      context.getClient().resource(job).delete();
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<TTSJob>noUpdate().rescheduleAfter(left);
  }
}
