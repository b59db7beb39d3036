package io.dialect.tts.client;

/**
 * The gateway refused the request itself: 400 {@code InvalidRequest} (e.g. an unknown dialect or
 * voice) or 422 {@code Rejected} (the content policy). Sending it again gives the same answer, so it
 * is never retried.
 */
public class TtsRejectedException extends TtsException {
  private static final long serialVersionUID = 1L;

  /** See {@link TtsException#TtsException(String, int, String, Throwable)}. */
  public TtsRejectedException(String code, int httpStatus, String message) {
    super(code, httpStatus, message, null);
  }
}
