package io.dialect.tts.worker.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One HTTP exchange of the gateway: the caller's bearer token, a JSON body in, JSON or bytes out. */
final class GatewayExchange {
  private static final int MAX_BODY = 8 * 1024 * 1024;

  private final HttpExchange exchange;

  GatewayExchange(HttpExchange exchange) {
    this.exchange = exchange;
  }

  HttpExchange http() {
    return exchange;
  }

  String method() {
    return exchange.getRequestMethod();
  }

  /** The token of {@code Authorization: Bearer ...}; null when there is none. */
  String bearerToken() {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  /** The body as {@code type}, strictly: unknown fields are an error. */
  <T> T body(Class<T> type) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw GatewayException.invalid("the body is larger than " + MAX_BODY + " bytes");
      }
      T value = GatewayApi.JSON.readValue(bytes, type);
      if (value == null) {
        throw GatewayException.invalid("the body is empty");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid("the body is not a valid " + type.getSimpleName() + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayException.invalid("the body could not be read");
    }
  }

  void json(int status, Object body) throws IOException {
    bytes(status, "application/json", GatewayApi.JSON.writeValueAsBytes(body));
  }

  void bytes(int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  void noContent() throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  void error(GatewayException e) throws IOException {
    json(e.status(), new GatewayApi.ErrorBody(new GatewayApi.ErrorBody.Error(e.code(), e.getMessage())));
  }
}
