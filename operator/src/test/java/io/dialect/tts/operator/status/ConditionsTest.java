package io.dialect.tts.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.Condition.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static Conditions at(String instant) {
    return new Conditions(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysAndStampsTheGeneration() {
    List<Condition> first = at("2026-01-01T00:00:00Z").set(List.of(), "Running", Status.True, "Running", "a", 1L);
    List<Condition> later = at("2026-01-01T01:00:00Z").set(first, "Running", Status.True, "Running", "b", 2L);

    assertThat(later).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(c.getMessage()).isEqualTo("b");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusChanges() {
    List<Condition> first = at("2026-01-01T00:00:00Z").set(List.of(), "Running", Status.True, "Running", "a", 1L);
    List<Condition> later = at("2026-01-01T01:00:00Z").set(first, "Running", Status.False, "Succeeded", "a", 1L);
    assertThat(later).singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T01:00:00Z"));
  }
}
