package io.dialect.tts.client;

/**
 * The gateway could not serve the call in the attempts allowed: the last attempt ended in a
 * transient failure (429 {@code RateLimited}, 502, 503 {@code Unavailable}, 504, or an I/O failure
 * such as a refused connection, a reset or a timeout). The same request may succeed later.
 *
 * <p>{@link #code()} and {@link #httpStatus()} are those of the last attempt; after an I/O failure they
 * are {@value #NETWORK_ERROR} and 0, and the {@linkplain #getCause() cause} is the I/O exception.
 */
public class TtsUnavailableException extends TtsException {
  /** The {@link #code()} when the last attempt got no HTTP answer. */
  public static final String NETWORK_ERROR = "NetworkError";

  private static final long serialVersionUID = 1L;

  private final int attempts;

  /**
   * See {@link TtsException#TtsException(String, int, String, Throwable)}.
   *
   * @param attempts how many attempts were made
   */
  public TtsUnavailableException(String code, int httpStatus, String message, Throwable cause, int attempts) {
    super(code, httpStatus, message, cause);
    this.attempts = attempts;
  }

  /** How many attempts were made before giving up. */
  public int attempts() {
    return attempts;
  }
}
