package io.dialect.tts.worker.gateway;

/** An answer other than success: the HTTP status, a code for programs, a message for people. */
public final class GatewayException extends RuntimeException {
  public static final String INVALID_REQUEST = "InvalidRequest";
  public static final String UNAUTHENTICATED = "Unauthenticated";
  public static final String FORBIDDEN = "Forbidden";
  public static final String NOT_FOUND = "NotFound";
  public static final String REJECTED = "Rejected";
  public static final String QUOTA_EXCEEDED = "QuotaExceeded";
  public static final String UNAVAILABLE = "Unavailable";

  private final int status;
  private final String code;

  public GatewayException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static GatewayException invalid(String message) {
    return new GatewayException(400, INVALID_REQUEST, message);
  }

  static GatewayException unauthenticated(String message) {
    return new GatewayException(401, UNAUTHENTICATED, message);
  }

  static GatewayException forbidden(String message) {
    return new GatewayException(403, FORBIDDEN, message);
  }
}
