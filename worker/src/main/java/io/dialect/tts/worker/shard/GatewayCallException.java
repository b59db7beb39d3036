package io.dialect.tts.worker.shard;

import io.dialect.tts.worker.gateway.GatewayApi;
import io.dialect.tts.worker.gateway.GatewayApi.ErrorBody;
import java.io.IOException;

/** The gateway refused a call (not a restart): its HTTP status, code and message. */
public final class GatewayCallException extends RuntimeException {
  private final int status;
  private final String code;

  GatewayCallException(int status, String code, String message) {
    super("the gateway answered " + status + " " + code + ": " + message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static GatewayCallException of(int status, String body) {
    try {
      ErrorBody.Error error = GatewayApi.JSON.readValue(body, ErrorBody.class).error();
      return new GatewayCallException(status, error.code(), error.message());
    } catch (IOException | RuntimeException e) {
      return new GatewayCallException(status, "Unknown", body.length() > 200 ? body.substring(0, 200) : body);
    }
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
