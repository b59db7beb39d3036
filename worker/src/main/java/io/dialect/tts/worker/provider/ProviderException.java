package io.dialect.tts.worker.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A failed provider call, classified once (by {@link UpstreamHttp} or the local provider) so that
 * the chain decides retry and failover from the kind alone. Messages never carry a key.
 */
public final class ProviderException extends RuntimeException {

  /** What the chain does about it. */
  public enum Kind {
    /** 5xx, 429, timeouts, resets: retry with backoff, then fail over. */
    RETRYABLE,
    /** Other 4xx: the request itself is wrong; no retry, no failover, the item fails. */
    CALLER,
    /** 401/402/403: this key is refused (revoked, out of credit); open its breaker, use the backup key. */
    KEY_REFUSED
  }

  private final Kind kind;
  private final String provider;
  private final int status;
  private final transient Duration retryAfter;

  public ProviderException(Kind kind, String provider, String message) {
    this(kind, provider, 0, null, message, null);
  }

  public ProviderException(Kind kind, String provider, int status, Duration retryAfter, String message,
      Throwable cause) {
    super(provider + ": " + message, cause);
    this.kind = kind;
    this.provider = provider;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public String provider() {
    return provider;
  }

  /** The HTTP status, or 0 when the failure was not an HTTP answer. */
  public int status() {
    return status;
  }

  /**
   * Whether the request may have reached the provider and been billed though no answer came: it timed
   * out, or the connection broke after it was sent (not: the connection was never made).
   */
  public boolean answerLost() {
    Throwable cause = getCause();
    return kind == Kind.RETRYABLE && status == 0 && (cause instanceof TimeoutException
        || cause instanceof IOException && !(cause instanceof ConnectException)
            && !(cause instanceof HttpConnectTimeoutException));
  }

  /** How long the provider asked us to wait (429/503 {@code Retry-After}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
