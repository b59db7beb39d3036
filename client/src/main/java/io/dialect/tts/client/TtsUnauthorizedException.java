package io.dialect.tts.client;

/**
 * The gateway did not accept the caller's identity: 401 {@code Unauthenticated} (token missing,
 * invalid, expired or for another audience) or 403 {@code Forbidden}; or this client could not read a
 * token at all ({@value #TOKEN_UNREADABLE}). After a 401 the client re-reads the token file and tries
 * once more (projected tokens rotate); beyond that it does not retry.
 */
public class TtsUnauthorizedException extends TtsException {
  /** The {@link #code()} when the token file is missing, unreadable, empty or not a single token. */
  public static final String TOKEN_UNREADABLE = "TokenUnreadable";

  private static final long serialVersionUID = 1L;

  /** See {@link TtsException#TtsException(String, int, String, Throwable)}. */
  public TtsUnauthorizedException(String code, int httpStatus, String message, Throwable cause) {
    super(code, httpStatus, message, cause);
  }
}
