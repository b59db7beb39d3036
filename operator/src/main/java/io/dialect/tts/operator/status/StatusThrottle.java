package io.dialect.tts.operator.status;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds status writes per job: nothing is written when nothing changed; counter-only changes are
 * written at most once per interval; a change of phase, of a condition's status or reason, or of the
 * generation in effect is written at once (so {@code kubectl wait} never lags by an interval). The bookkeeping is in memory:
 * after an operator restart the first write of each job is free.
 */
public final class StatusThrottle {
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

  public StatusThrottle(Duration interval, Clock clock) {
    this.interval = interval;
    this.clock = clock;
  }

  /** Empty: write now. Present: nothing to write yet; look again after the given delay (zero: never). */
  public Optional<Duration> delay(String jobUid, TTSJobStatus current, TTSJobStatus next) {
    if (Objects.equals(current, next)) {
      return Optional.of(Duration.ZERO);
    }
    if (transitioned(current, next)) {
      return Optional.empty();
    }
    Instant last = lastWrite.get(jobUid);
    Instant now = clock.instant();
    if (last == null || !now.isBefore(last.plus(interval))) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, last.plus(interval)));
  }

  public void written(String jobUid) {
    lastWrite.put(jobUid, clock.instant());
  }

  public void forget(String jobUid) {
    lastWrite.remove(jobUid);
  }

  private static boolean transitioned(TTSJobStatus current, TTSJobStatus next) {
    return current.getPhase() != next.getPhase() || !Objects.equals(current.getWorkerJob(), next.getWorkerJob())
        || !Objects.equals(current.getObservedGeneration(), next.getObservedGeneration())
        || !Objects.equals(shape(current.getConditions()), shape(next.getConditions()));
  }

  private static List<String> shape(List<Condition> conditions) {
    return conditions == null ? List.of()
        : conditions.stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).sorted().toList();
  }
}
