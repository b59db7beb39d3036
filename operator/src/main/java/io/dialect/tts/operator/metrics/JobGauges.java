package io.dialect.tts.operator.metrics;

import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import io.dialect.tts.operator.status.Conditions;
import io.dialect.tts.operator.status.StatusCalculator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this operator currently sees of its TTSJobs: {@code tts_jobs{phase}} (jobs per phase) and
 * {@code tts_jobs_workers_not_starting} (jobs none of whose worker pods can start; the chart alerts on it).
 */
public final class JobGauges {
  private final Map<String, JobPhase> phases = new ConcurrentHashMap<>();
  private final Set<String> notStarting = ConcurrentHashMap.newKeySet();

  public JobGauges(MeterRegistry registry) {
    for (JobPhase phase : JobPhase.values()) {
      Gauge.builder("tts.jobs", phases, all -> all.values().stream().filter(p -> p == phase).count())
          .description("TTSJobs by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
    Gauge.builder("tts.jobs.workers.not.starting", notStarting, Set::size)
        .description("TTSJobs whose worker pods cannot start (see their Running condition)")
        .register(registry);
  }

  public void record(String jobUid, TTSJobStatus status) {
    if (status.getPhase() != null) {
      phases.put(jobUid, status.getPhase());
    }
    boolean stuck = Conditions.find(status.getConditions(), ConditionTypes.RUNNING)
        .map(c -> StatusCalculator.REASON_WORKER_PODS_NOT_STARTING.equals(c.getReason())).orElse(false);
    if (stuck) {
      notStarting.add(jobUid);
    } else {
      notStarting.remove(jobUid);
    }
  }

  public void forget(String jobUid) {
    phases.remove(jobUid);
    notStarting.remove(jobUid);
  }
}
