package io.dialect.tts.worker.dedup;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the cross-worker in-flight lock.
 *
 * @param lockTtl   how long a lock outlives a crashed owner; a live owner renews it every third of this
 * @param maxWait   how long a waiter waits for a peer before producing the value itself
 * @param firstPoll first pause between a waiter's cache checks; doubled (with jitter) up to maxPoll
 */
public record DedupSettings(Duration lockTtl, Duration maxWait, Duration firstPoll, Duration maxPoll) {
  public DedupSettings {
    for (Duration d : new Duration[] {lockTtl, maxWait, firstPoll, maxPoll}) {
      if (Objects.requireNonNull(d, "durations are required").isNegative() || d.isZero()) {
        throw new IllegalArgumentException("de-duplication durations must be positive, got " + d);
      }
    }
    if (maxPoll.compareTo(firstPoll) < 0) {
      throw new IllegalArgumentException("maxPoll " + maxPoll + " is shorter than firstPoll " + firstPoll);
    }
  }

  /** 30 s lock, 10 min wait, polls from 50 ms to 1 s. */
  public static DedupSettings defaults() {
    return new DedupSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMillis(50), Duration.ofSeconds(1));
  }
}
