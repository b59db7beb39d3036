package io.dialect.tts.operator.progress;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.status.StatusCalculator;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.time.Duration;
import java.util.Set;

/**
 * A JOSDK polling event source over the Redis counters of unfinished jobs: when a job's snapshot
 * changes, JOSDK reconciles that job. Finished jobs are not polled.
 */
public final class ProgressPoller {
  public static final String NAME = "redis-progress";

  private ProgressPoller() {
  }

  public static PerResourcePollingEventSource<ProgressSnapshot, TTSJob, String> eventSource(
      EventSourceContext<TTSJob> context, ProgressCounters counters, Duration period) {
    return new PerResourcePollingEventSource<>(ProgressSnapshot.class, context,
        new PerResourcePollingConfigurationBuilder<ProgressSnapshot, TTSJob, String>(
            job -> StatusCalculator.isFinished(job) || shards(job) == 0 ? Set.of()
                : Set.of(counters.read(job, shards(job))), period)
            .withName(NAME)
            .withResourceIDMapper(snapshot -> NAME)
            .build());
  }

  /** The shard count the reconciler recorded in status once the worker Job existed; 0 before that. */
  private static int shards(TTSJob job) {
    return job.getStatus() == null || job.getStatus().getShards() == null ? 0 : job.getStatus().getShards();
  }
}
