package io.dialect.tts.operator.metrics;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import io.dialect.tts.operator.status.StatusCalculator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this operator sees of its TTSJobs: {@code tts_jobs{namespace,phase}} (jobs per phase),
 * {@code tts_jobs_finished_total{namespace,phase}} (transitions to Succeeded or Failed that this replica wrote)
 * and {@code tts_jobs_workers_not_starting{namespace}} (jobs none of whose worker pods can start). Only the leader
 * reconciles, so only it exports them. A namespace's series appear, at 0, with its first job: a counter that
 * exists before it first counts lets {@code increase()} see that first failure, and a new leader starting from
 * 0 is a counter reset to Prometheus, not an increase (the chart's TTSJobFailed relies on both).
 */
public final class JobMetrics {
  private static final String FINISHED = "tts.jobs.finished";

  private record Seen(String namespace, JobPhase phase) {
  }

  private final MeterRegistry registry;
  private final Map<String, Seen> jobs = new ConcurrentHashMap<>();
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
  /** Jobs whose worker pods cannot start: uid to namespace. */
  private final Map<String, String> notStarting = new ConcurrentHashMap<>();
  /** Jobs whose finish was counted: a reconciliation repeated before its status write landed counts nothing. */
  private final Set<String> finishCounted = ConcurrentHashMap.newKeySet();

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String namespace, String jobUid, TTSJobStatus status) {
    seeNamespace(namespace);
    if (status.getPhase() != null) {
      jobs.put(jobUid, new Seen(namespace, status.getPhase()));
    }
    if (StatusCalculator.workerPodsNotStarting(status)) {
      notStarting.put(jobUid, namespace);
    } else {
      notStarting.remove(jobUid);
    }
  }

  /** Counts the job's transition to Succeeded or Failed, once per job. */
  public void finished(String namespace, String jobUid, JobPhase phase) {
    if (phase.isFinished() && finishCounted.add(jobUid)) {
      seeNamespace(namespace);
      finishedCounter(namespace, phase).increment();
    }
  }

  public void forget(String jobUid) {
    jobs.remove(jobUid);
    notStarting.remove(jobUid);
    finishCounted.remove(jobUid);
  }

  private void seeNamespace(String namespace) {
    if (!namespaces.add(namespace)) {
      return;
    }
    Gauge.builder("tts.jobs.workers.not.starting", notStarting, all -> all.values().stream()
            .filter(namespace::equals).count())
        .description("TTSJobs whose worker pods cannot start (see their Running condition)")
        .tag("namespace", namespace)
        .register(registry);
    for (JobPhase phase : JobPhase.values()) {
      Gauge.builder("tts.jobs", jobs, all -> all.values().stream()
              .filter(s -> s.phase() == phase && s.namespace().equals(namespace)).count())
          .description("TTSJobs by namespace and phase")
          .tag("namespace", namespace)
          .tag("phase", phase.name())
          .register(registry);
      if (phase.isFinished()) {
        finishedCounter(namespace, phase);
      }
    }
  }

  private Counter finishedCounter(String namespace, JobPhase phase) {
    return Counter.builder(FINISHED)
        .description("TTSJobs this operator saw finish, by namespace and phase (Succeeded, Failed)")
        .tag("namespace", namespace)
        .tag("phase", phase.name())
        .register(registry);
  }
}
