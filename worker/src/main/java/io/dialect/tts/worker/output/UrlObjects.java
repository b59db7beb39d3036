package io.dialect.tts.worker.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Plain HTTP on pre-signed S3 URLs: the size, the body and the upload of one object. */
final class UrlObjects {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The object's size, or empty when it does not exist. */
  OptionalLong size(String url) {
    HttpResponse<Void> response = send(HttpRequest.newBuilder(URI.create(url))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() == 404) {
      return OptionalLong.empty();
    }
    check(response, url);
    return OptionalLong.of(response.headers().firstValueAsLong("Content-Length").orElse(0));
  }

  /** The object's body (close it), or empty when it does not exist. */
  Optional<InputStream> get(String url) {
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(URI.create(url)).GET(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() == 404) {
      closeQuietly(response.body());
      return Optional.empty();
    }
    if (response.statusCode() >= 300) {
      closeQuietly(response.body());
      check(response, url);
    }
    return Optional.of(response.body());
  }

  /** Uploads {@code length} bytes from {@code body}, replacing the object whole. */
  void put(String url, Supplier<InputStream> body, long length, String contentType) {
    HttpResponse<Void> response = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), length)),
        HttpResponse.BodyHandlers.discarding());
    check(response, url);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.timeout(Duration.ofMinutes(5)).build(), handler);
    } catch (IOException e) {
      throw new UncheckedIOException("S3 unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }

  /** The query string carries the signature: never put the URL in a message. */
  private static void check(HttpResponse<?> response, String url) {
    if (response.statusCode() >= 300) {
      throw new UncheckedIOException(new IOException("S3 answered " + response.statusCode() + " for "
          + URI.create(url).getPath()));
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // Nothing was going to be read from it.
    }
  }
}
