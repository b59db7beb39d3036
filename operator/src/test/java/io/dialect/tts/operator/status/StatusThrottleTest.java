package io.dialect.tts.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusThrottleTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Clock clock = new Clock() {
    @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  private final StatusThrottle throttle = new StatusThrottle(Duration.ofSeconds(10), clock);

  private static TTSJobStatus status(JobPhase phase, long succeeded) {
    TTSJobStatus s = new TTSJobStatus();
    s.setPhase(phase);
    s.setSucceeded(succeeded);
    return s;
  }

  @Test
  void nothingIsWrittenWhenNothingChanged() {
    assertThat(throttle.delay("u", status(JobPhase.Running, 1), status(JobPhase.Running, 1))).contains(Duration.ZERO);
  }

  @Test
  void counterChangesAreWrittenAtMostOncePerInterval() {
    assertThat(throttle.delay("u", status(JobPhase.Running, 1), status(JobPhase.Running, 2))).isEmpty();
    throttle.written("u");
    now.set(now.get().plusSeconds(3));
    assertThat(throttle.delay("u", status(JobPhase.Running, 2), status(JobPhase.Running, 3)))
        .contains(Duration.ofSeconds(7));
    now.set(now.get().plusSeconds(7));
    assertThat(throttle.delay("u", status(JobPhase.Running, 2), status(JobPhase.Running, 3))).isEmpty();
  }

  @Test
  void aPhaseChangeIsWrittenAtOnce() {
    throttle.written("u");
    assertThat(throttle.delay("u", status(JobPhase.Running, 2), status(JobPhase.Succeeded, 2))).isEmpty();
  }

  @Test
  void aNewGenerationInEffectIsWrittenAtOnce() {
    throttle.written("u");
    TTSJobStatus applied = status(JobPhase.Running, 2);
    applied.setObservedGeneration(2L);

    assertThat(throttle.delay("u", status(JobPhase.Running, 2), applied))
        .as("a user waiting for observedGeneration to follow an edit of parallelism").isEmpty();
  }
}
