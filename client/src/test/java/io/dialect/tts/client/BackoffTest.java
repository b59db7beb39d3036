package io.dialect.tts.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exponential backoff with full jitter, and {@code Retry-After} taking precedence when longer. */
class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

  @Test
  void theCeilingDoublesFromTheBaseUntilTheCap() {
    assertThat(IntStream.rangeClosed(1, 7).mapToLong(backoff::ceilingMillis).toArray())
        .containsExactly(200, 400, 800, 1600, 3200, 5000, 5000);
  }

  @Test
  void jitteredWaitsSpreadBetweenZeroAndTheCeiling() {
    var waits = IntStream.range(0, 2000).mapToObj(i -> backoff.delayBeforeRetry(3, Duration.ZERO)).toList();

    assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(800)));
    assertThat(waits).as("full jitter uses the whole range, not a fixed wait")
        .anySatisfy(wait -> assertThat(wait).isLessThan(Duration.ofMillis(200)))
        .anySatisfy(wait -> assertThat(wait).isGreaterThan(Duration.ofMillis(600)));
  }

  @Test
  void aLongerRetryAfterWinsOverTheJitteredWait() {
    assertThat(backoff.delayBeforeRetry(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aShorterRetryAfterOnlyRaisesTheShortestWait() {
    Backoff flat = new Backoff(Duration.ofMillis(300), Duration.ofMillis(300));

    assertThat(IntStream.range(0, 200).mapToObj(i -> flat.delayBeforeRetry(1, Duration.ofMillis(100))))
        .allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofMillis(300)));
  }
}
