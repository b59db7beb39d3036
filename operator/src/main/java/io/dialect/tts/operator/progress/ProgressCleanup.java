package io.dialect.tts.operator.progress;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a deleted TTSJob's progress keys without ever holding up its deletion: at once when Redis answers
 * within the connection's timeout, otherwise in the background until it does. What is left to delete is kept
 * in memory only: an operator restart forgets it.
 */
public final class ProgressCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressCleanup.class);

  private final ProgressCounters counters;
  /** Key patterns of deleted jobs whose keys Redis did not let us delete yet. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  /** @param retry how often the keys left over are tried again, on {@code background} */
  public ProgressCleanup(ProgressCounters counters, ScheduledExecutorService background, Duration retry) {
    this.counters = counters;
    background.scheduleWithFixedDelay(this::retryPending, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Deletes the job's progress keys, or leaves them to the background when Redis does not answer; never throws. */
  public void delete(TTSJob job) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    try {
      // Every uid of the name: also what an earlier namesake may have left.
      counters.delete(RedisKeys.jobProgressPattern(namespace, name));
    } catch (RedisException e) {
      // Later, only this uid's: a namesake created meanwhile counts under its own.
      pending.add(RedisKeys.jobProgressPattern(namespace, name, job.getMetadata().getUid()));
      LOG.warn("could not delete the progress keys of TTSJob {}/{} ({}); they are deleted once Redis answers",
          namespace, name, e.getMessage());
    }
  }

  private void retryPending() {
    for (String pattern : pending) {
      try {
        long deleted = counters.delete(pattern);
        pending.remove(pattern);
        LOG.info("deleted {} progress key(s) {} of a TTSJob deleted while Redis was unreachable", deleted, pattern);
      } catch (RuntimeException e) {
        return; // Redis still does not answer: the next round tries again
      }
    }
  }
}
