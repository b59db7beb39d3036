package io.dialect.tts.worker.dedup;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a test hold its producer until the other callers are parked waiting for it, so "they joined
 * the running call" is arranged, not left to timing.
 */
final class Arrivals {
  private final Set<Thread> arrived = ConcurrentHashMap.newKeySet();

  /** Called by each caller thread just before it calls the deduplicator. */
  void arrive() {
    arrived.add(Thread.currentThread());
  }

  /** Blocks until {@code others} callers other than this thread have arrived and are parked. */
  void awaitOthersParked(int others) {
    await().atMost(Duration.ofSeconds(20)).until(() -> arrived.stream()
        .filter(t -> t != Thread.currentThread())
        .filter(t -> t.getState() == Thread.State.WAITING)
        .count() == others);
  }
}
