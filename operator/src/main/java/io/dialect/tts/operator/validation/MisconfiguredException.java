package io.dialect.tts.operator.validation;

/** The operator's own configuration is broken (not the user's job); the message says what the platform team must fix. */
public final class MisconfiguredException extends RuntimeException {
  public MisconfiguredException(String message) {
    super(message);
  }
}
