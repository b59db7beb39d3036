package io.dialect.tts.worker.gateway;

import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server (a virtual thread per exchange): the API of {@link GatewayApi}, and
 * {@code /healthz}, {@code /readyz}, {@code /metrics} on the same port. Every error is a JSON body
 * with a code, a message for people and the HTTP status that fits.
 */
public final class GatewayServer implements AutoCloseable {
  /** Seconds the calls in flight get to answer at shutdown: within a pod's 30 s termination grace. */
  private static final int DRAIN = 20;

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  /** One route's work; it throws {@link GatewayException} for every answer other than success. */
  @FunctionalInterface
  interface Route {
    void handle(GatewayExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private GatewayServer(HttpServer server) {
    this.server = server;
  }

  /**
   * @param ready whether the gateway can serve (its Redis reachable): {@code /readyz} answers 503 otherwise,
   *              so a Service sends no traffic to a replica that cannot meter it
   */
  static GatewayServer start(int port, InteractiveEndpoint interactive, ShardEndpoints shards,
      PrometheusMeterRegistry registry, BooleanSupplier ready) {
    try {
      // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 512);
      GatewayServer gateway = new GatewayServer(server);
      server.setExecutor(gateway.executor);
      gateway.route(GatewayApi.SYNTHESIZE, interactive::handle);
      gateway.route(GatewayApi.SHARD, shards::info);
      gateway.route(GatewayApi.SHARD_ITEMS, shards::items);
      gateway.route(GatewayApi.SHARD_PROGRESS, shards::progress);
      gateway.route(GatewayApi.SHARD_COMPLETE, shards::complete);
      gateway.route(GatewayApi.SHARD_OUTPUT_URLS, shards::outputUrls);
      gateway.route(GatewayApi.SHARD_SOURCE_URL, shards::sourceUrl);
      gateway.route("/healthz", exchange -> exchange.bytes(200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8)));
      gateway.route("/readyz", exchange -> exchange.bytes(ready.getAsBoolean() ? 200 : 503, "text/plain",
          (ready.getAsBoolean() ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8)));
      gateway.route("/metrics", exchange -> exchange.bytes(200, "text/plain; version=0.0.4; charset=utf-8",
          registry.scrape().getBytes(StandardCharsets.UTF_8)));
      server.start();
      return gateway;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  /** Exact paths only: a context of the JDK server matches prefixes, so a longer path is a 404 here. */
  private void route(String path, Route route) {
    server.createContext(path, http -> {
      GatewayExchange exchange = new GatewayExchange(http);
      // Closed after the error answer, not before it (as try-with-resources would).
      try {
        if (!http.getRequestURI().getPath().equals(path)) {
          throw new GatewayException(404, GatewayException.NOT_FOUND, "no such path: " + http.getRequestURI().getPath());
        }
        route.handle(exchange);
      } catch (GatewayException e) {
        answer(exchange, e);
      } catch (RedisException e) {
        // Progress and completion live in Redis: the caller keeps them and asks again.
        LOG.warn("{} {}: Redis is unreachable: {}", http.getRequestMethod(), path, e.toString());
        answer(exchange, new GatewayException(503, GatewayException.UNAVAILABLE, "Redis is unreachable; retry"));
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", http.getRequestMethod(), path, e);
        answer(exchange, new GatewayException(500, GatewayException.UNAVAILABLE, "the gateway failed: "
            + e.getClass().getSimpleName()));
      } finally {
        http.close();
      }
    });
  }

  private static void answer(GatewayExchange exchange, GatewayException e) {
    try {
      exchange.error(e);
    } catch (IOException | IllegalStateException ignored) {
      // The caller went away or the answer had begun (a streamed batch): nothing more can be said.
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting calls, lets those in flight answer (up to {@link #DRAIN} seconds), finishes their work. */
  @Override
  public void close() {
    server.stop(DRAIN);
    executor.close();
  }
}
