package io.dialect.tts.worker.shard;

/** The gateway could not be reached or broke off: the shard stops and the Job controller retries it. */
public final class GatewayUnavailableException extends RuntimeException {
  public GatewayUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
