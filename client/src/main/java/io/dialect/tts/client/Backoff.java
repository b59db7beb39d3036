package io.dialect.tts.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry <i>n</i> a random wait between zero and
 * {@code min(cap, base × 2^(n-1))}, so clients that failed together do not come back together; a
 * longer {@code Retry-After} from the gateway wins.
 */
record Backoff(Duration base, Duration cap) {

  /**
   * @param failedAttempts how many attempts have failed so far (1 before the first retry)
   * @param retryAfter     what the gateway asked for, zero when it did not
   */
  Duration delayBeforeRetry(int failedAttempts, Duration retryAfter) {
    Duration jittered = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceilingMillis(failedAttempts) + 1));
    return retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
  }

  /** The longest jittered wait before the retry that follows {@code failedAttempts} failures. */
  long ceilingMillis(int failedAttempts) {
    long capMillis = cap.toMillis();
    long ceilingMillis = base.toMillis();
    for (int retry = 1; retry < failedAttempts && ceilingMillis < capMillis; retry++) {
      ceilingMillis *= 2;
    }
    return Math.min(ceilingMillis, capMillis);
  }
}
