package io.dialect.tts.usage;

/**
 * A {@link SharedRateLimiter} could not reach Redis (not connected, command timed out, or Redis not
 * serving: loading, busy, read-only replica), so no permit was granted. The caller should pace the call
 * with a local limiter instead of blocking synthesis on Redis. (A command that timed out may still run
 * when Redis catches up and use up one slot: the safe side.)
 */
public final class RateLimiterUnavailableException extends RuntimeException {
  private final String key;

  RateLimiterUnavailableException(String key, Throwable cause) {
    super("shared rate limit " + key + " not checked, Redis unreachable: " + cause.getMessage(), cause);
    this.key = key;
  }

  /** The Redis key of the bucket that could not be reached. */
  public String key() {
    return key;
  }
}
