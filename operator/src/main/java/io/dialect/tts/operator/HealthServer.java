package io.dialect.tts.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /healthz} (event sources healthy), {@code /readyz} (operator started) and {@code /metrics} (Prometheus). */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(int port, RuntimeInfo runtime, PrometheusMeterRegistry registry) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server.createContext("/healthz", probe(runtime::allEventSourcesAreHealthy));
    server.createContext("/readyz", probe(runtime::isStarted));
    server.createContext("/metrics", exchange -> respond(exchange, 200,
        "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
  }

  private static com.sun.net.httpserver.HttpHandler probe(BooleanSupplier check) {
    return exchange -> {
      boolean ok = check.getAsBoolean();
      respond(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ok\n");
    };
  }

  private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
