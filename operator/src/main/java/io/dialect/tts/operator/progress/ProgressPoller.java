package io.dialect.tts.operator.progress;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource.ResourceFetcher;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JOSDK polling event source over the Redis counters of the jobs still counting (unfinished, or
 * finished moments ago: billing written late): when a job's snapshot changes, JOSDK reconciles that job. A failed read must not end a job's
 * polling (JOSDK schedules the next poll only after a fetch returns), so Redis errors are caught here.
 */
public final class ProgressPoller {
  public static final String NAME = "redis-progress";
  private static final Logger LOG = LoggerFactory.getLogger(ProgressPoller.class);

  private ProgressPoller() {
  }

  public static PerResourcePollingEventSource<ProgressSnapshot, TTSJob, String> eventSource(
      EventSourceContext<TTSJob> context, ProgressCounters counters, Duration period, Predicate<TTSJob> counting) {
    return new PerResourcePollingEventSource<>(ProgressSnapshot.class, context,
        new PerResourcePollingConfigurationBuilder<ProgressSnapshot, TTSJob, String>(new Fetcher(counters, period, counting),
            period)
            .withName(NAME)
            .withResourceIDMapper(snapshot -> NAME)
            .build());
  }

  /** Reads a job's counters; a Redis outage is logged once per job, and the job is polled again next period. */
  private static final class Fetcher implements ResourceFetcher<ProgressSnapshot, TTSJob> {
    private final ProgressCounters counters;
    private final Duration period;
    private final Predicate<TTSJob> counting;
    /** Uids of the jobs whose last read failed. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    Fetcher(ProgressCounters counters, Duration period, Predicate<TTSJob> counting) {
      this.counters = counters;
      this.period = period;
      this.counting = counting;
    }

    @Override
    public Set<ProgressSnapshot> fetchResources(TTSJob job) {
      String uid = job.getMetadata().getUid();
      if (!counting.test(job) || shards(job) == 0) {
        unreadable.remove(uid);
        return Set.of();
      }
      try {
        Set<ProgressSnapshot> read = Set.of(counters.read(job, shards(job)));
        if (unreadable.remove(uid)) {
          LOG.info("reading the progress of TTSJob {}/{} from Redis again", job.getMetadata().getNamespace(),
              job.getMetadata().getName());
        }
        return read;
      } catch (RedisException e) {
        if (unreadable.add(uid)) {
          LOG.warn("cannot read the progress of TTSJob {}/{} from Redis ({}); trying again every {}s",
              job.getMetadata().getNamespace(), job.getMetadata().getName(), e.getMessage(), period.toSeconds());
        }
        // No snapshot: the first read after the outage is then new, and JOSDK reconciles the job.
        return Set.of();
      }
    }
  }

  /** The shard count the reconciler recorded in status once the worker Job existed; 0 before that. */
  private static int shards(TTSJob job) {
    return job.getStatus() == null || job.getStatus().getShards() == null ? 0 : job.getStatus().getShards();
  }
}
