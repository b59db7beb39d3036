package io.dialect.tts.client;

import java.time.Instant;
import java.util.Optional;

/**
 * The namespace's TTSQuota is used up: 429 {@code QuotaExceeded}. Not retried, since retrying would
 * not succeed before the budget window resets; {@link #resetsAt()} says when that is, if the gateway
 * said so.
 */
public class TtsQuotaExceededException extends TtsException {
  private static final long serialVersionUID = 1L;

  private final Instant resetsAt;

  /**
   * See {@link TtsException#TtsException(String, int, String, Throwable)}.
   *
   * @param resetsAt when the quota window resets, null when unknown
   */
  public TtsQuotaExceededException(String code, int httpStatus, String message, Instant resetsAt) {
    super(code, httpStatus, message, null);
    this.resetsAt = resetsAt;
  }

  /** When the quota window resets and calls can succeed again ({@code error.resetsAt}); empty when the gateway did not say. */
  public Optional<Instant> resetsAt() {
    return Optional.ofNullable(resetsAt);
  }
}
