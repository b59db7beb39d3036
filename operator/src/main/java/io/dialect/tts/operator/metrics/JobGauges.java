package io.dialect.tts.operator.metrics;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code tts_jobs{phase}}: how many TTSJobs this operator currently sees in each phase. */
public final class JobPhaseGauge {
  private final Map<String, JobPhase> phases = new ConcurrentHashMap<>();

  public JobPhaseGauge(MeterRegistry registry) {
    for (JobPhase phase : JobPhase.values()) {
      Gauge.builder("tts.jobs", phases, all -> all.values().stream().filter(p -> p == phase).count())
          .description("TTSJobs by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  public void record(String jobUid, JobPhase phase) {
    if (phase != null) {
      phases.put(jobUid, phase);
    }
  }

  public void forget(String jobUid) {
    phases.remove(jobUid);
  }
}
