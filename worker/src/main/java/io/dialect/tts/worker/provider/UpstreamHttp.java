package io.dialect.tts.worker.provider;

import io.dialect.tts.worker.provider.ProviderException.Kind;
import io.dialect.tts.worker.provider.config.Timeouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP exchange every remote provider shares, and the one place where upstream failures are
 * classified: status codes, {@code Retry-After}, timeouts and broken connections become a
 * {@link ProviderException} of the right kind. Every exchange (each chunk, each retry) is counted in
 * {@code tts_provider_requests_total{provider,key,status}}.
 */
final class UpstreamHttp {
  /** Micrometer name; Prometheus shows {@code tts_provider_requests_total}. */
  static final String REQUESTS = "tts.provider.requests";
  private static final int SNIPPET = 200;

  private final String provider;
  private final Duration requestTimeout;
  private final HttpClient client;
  private final Clock clock;
  private final MeterRegistry meters;

  UpstreamHttp(String provider, Timeouts timeouts, MeterRegistry meters) {
    this(provider, timeouts, meters, Clock.systemUTC());
  }

  UpstreamHttp(String provider, Timeouts timeouts, MeterRegistry meters, Clock clock) {
    this.provider = provider;
    this.requestTimeout = timeouts.request();
    this.clock = clock;
    this.meters = meters;
    // HTTP/1.1: predictable with every vendor and proxy; TLS endpoints gain little from h2 for one-shot calls.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /**
   * Sends the request and returns the body of a 2xx answer. The request timeout bounds the whole
   * exchange, body included, so a trickling body cannot hold a worker thread.
   *
   * @param key the key the request carries, scrubbed from any upstream text quoted in an error; may be null
   */
  byte[] send(HttpRequest.Builder request, ApiKey key) {
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      count(key, "timeout");
      throw new ProviderException(Kind.RETRYABLE, provider, 0, null, "no complete answer within " + requestTimeout, e);
    } catch (ExecutionException e) {
      count(key, transportFailure(e.getCause()));
      throw fromIo(e.getCause());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      count(key, "interrupted");
      throw new ProviderException(Kind.RETRYABLE, provider, 0, null, "interrupted", e);
    }
    int status = response.statusCode();
    count(key, Integer.toString(status));
    if (status / 100 == 2) {
      return response.body();
    }
    throw classify(status, response.headers(), snippet(response.body(), key));
  }

  /** A base URL (with or without a trailing slash) joined with an absolute path. */
  static URI endpoint(String baseUrl, String path) {
    return URI.create((baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + path);
  }

  ProviderException classify(int status, HttpHeaders headers, String body) {
    String message = "HTTP " + status + (body.isEmpty() ? "" : ": " + body);
    if (status == 401 || status == 402 || status == 403) {
      return new ProviderException(Kind.KEY_REFUSED, provider, status, null, message, null);
    }
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      Duration retryAfter = headers.firstValue("Retry-After").map(this::parseRetryAfter).orElse(null);
      return new ProviderException(Kind.RETRYABLE, provider, status, retryAfter, message, null);
    }
    return new ProviderException(Kind.CALLER, provider, status, null, message, null);
  }

  /**
   * One exchange in {@code tts_provider_requests_total}: the key's name ({@code primary}, {@code backup};
   * {@code none} for a keyless call), never its value; the status is the HTTP code or a word for an exchange
   * that got no answer.
   */
  private void count(ApiKey key, String status) {
    Counter.builder(REQUESTS)
        .description("HTTP exchanges with a provider (each chunk and retry): status is the HTTP code, or timeout, "
            + "connect (no connection made), io (connection broken), interrupted")
        .tag("provider", provider)
        .tag("key", key == null ? ProviderGuard.NO_KEY : key.name())
        .tag("status", status)
        .register(meters)
        .increment();
  }

  private static String transportFailure(Throwable cause) {
    if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
      return "connect";
    }
    return cause instanceof HttpTimeoutException ? "timeout" : "io";
  }

  private ProviderException fromIo(Throwable cause) {
    // Every I/O failure (connect refused, reset, EOF mid-body, header timeout) is transient from here.
    String what = cause instanceof IOException ? cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) : String.valueOf(cause);
    return new ProviderException(Kind.RETRYABLE, provider, 0, null, what, cause);
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; null when unreadable. */
  Duration parseRetryAfter(String value) {
    String v = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static String snippet(byte[] body, ApiKey key) {
    String text = new String(body, 0, Math.min(body.length, SNIPPET * 4), StandardCharsets.UTF_8).strip();
    if (text.length() > SNIPPET) {
      text = text.substring(0, SNIPPET) + "…";
    }
    // Some gateways echo request headers in their error pages: never let the key through.
    return key == null ? text : text.replace(key.value(), "***");
  }
}
