package io.dialect.tts.client;

/**
 * A synthesis call that did not produce audio. The subclasses say what the caller can do about it:
 * {@link TtsRejectedException} (fix the request), {@link TtsUnauthorizedException} (fix the identity),
 * {@link TtsQuotaExceededException} (wait for the budget), {@link TtsUnavailableException} (try later).
 * An instance of this class itself means the gateway answered outside its contract
 * ({@value #UNEXPECTED_RESPONSE}) or the call was interrupted ({@value #INTERRUPTED}).
 *
 * <p>Messages name the code and, for an HTTP answer, the status (e.g. {@code HTTP 422 Rejected: ...}),
 * so one log line says what happened; they quote the gateway's own text but never the token.
 */
public class TtsException extends RuntimeException {
  /** The {@link #code()} of an answer outside the gateway's contract, e.g. a 200 without audio or an unknown status. */
  public static final String UNEXPECTED_RESPONSE = "UnexpectedResponse";
  /** The {@link #code()} of a call whose thread was interrupted; the interrupt flag is set again. */
  public static final String INTERRUPTED = "Interrupted";

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;

  /**
   * A failure with the given code and status.
   *
   * @param code       the gateway's error code, or one of this client's for failures without one
   * @param httpStatus the HTTP status of the answer, 0 when there was none
   */
  public TtsException(String code, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The error code: the gateway's {@code error.code} (e.g. {@code InvalidRequest}) or this client's own for failures without one. */
  public String code() {
    return code;
  }

  /** The HTTP status of the gateway's answer, 0 when no answer came (an I/O failure, an unreadable token). */
  public int httpStatus() {
    return httpStatus;
  }
}
