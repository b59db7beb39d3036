package io.dialect.tts.worker.source;

import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A JSONL or CSV source object read through a pre-signed URL (a shard pod holds no S3 credentials; the
 * gateway signs the URL of the job's own source, under its namespace), streamed: only the current line
 * is in memory.
 */
public final class UrlItemSource implements ItemSource {
  private final Supplier<String> url;
  private final String name;
  private final SourceFormat format;

  /** @param url asked each time the source is opened (signatures expire); {@code name} is for messages */
  public UrlItemSource(Supplier<String> url, String name, SourceFormat format) {
    this.url = url;
    this.name = name;
    this.format = format == null ? SourceFormat.JSONL : format;
  }

  @Override
  public Stream<SourceEntry> open() {
    // The client lives as long as the stream: closing it earlier would wait for a body nobody reads yet.
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(url.get())).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      http.shutdownNow();
      throw new IllegalStateException("the source " + name + " cannot be read: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      http.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the source " + name, e);
    }
    if (response.statusCode() >= 300) {
      http.shutdownNow();
      if (response.statusCode() == 404) {
        throw new InvalidSourceException("the source object " + name + " does not exist");
      }
      throw new IllegalStateException("the source " + name + " answered " + response.statusCode());
    }
    // Runs after the reader's own close handler has closed the body.
    return EntryReader.stream(response.body(), format).onClose(http::shutdownNow);
  }
}
