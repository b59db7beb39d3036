package io.dialect.tts.worker.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Manifest objects at {@code {namespace}/{prefix}{name}}, through pre-signed URLs. S3 has no append, so
 * a writer buffers its lines in a temporary file (the pod's writable /tmp) and uploads the whole file
 * over the same object every {@code publishEvery} lines and at close.
 */
public final class S3ManifestStore implements ManifestStore {
  private static final String CONTENT_TYPE = "application/x-ndjson";

  private final ObjectUrls urls;
  private final S3Place place;
  private final UrlObjects http;
  private final Path tempDir;
  private final int publishEvery;

  S3ManifestStore(ObjectUrls urls, S3Place place, UrlObjects http, Path tempDir, int publishEvery) {
    this.urls = Objects.requireNonNull(urls, "urls");
    this.place = place;
    this.http = http;
    this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
    this.publishEvery = publishEvery;
  }

  @Override
  public ManifestWriter open(String fileName) throws IOException {
    Path temp = Files.createTempFile(Files.createDirectories(tempDir), "manifest-", ".jsonl");
    return ManifestWriter.publishing(temp, publishEvery, (file, length) ->
        http.put(urls.url(fileName, "PUT"), () -> snapshot(file, length), length, CONTENT_TYPE));
  }

  @Override
  public EarlierResults earlier(String fileName) throws IOException {
    var body = http.get(urls.url(fileName, "GET"));
    return body.isEmpty() ? EarlierResults.NONE : EarlierResults.read(body.get());
  }

  @Override
  public String merge(List<String> partNames, String fileName) {
    long length = 0;
    for (String part : partNames) {
      length += http.size(urls.url(part, "HEAD")).orElseThrow(() -> new UncheckedIOException(
          new IOException("manifest part " + place.key(part) + " missing")));
    }
    // Each part is opened only when the previous one has been read, so one connection is open at a time.
    http.put(urls.url(fileName, "PUT"), () -> {
      Iterator<String> remaining = partNames.iterator();
      return new SequenceInputStream(new Enumeration<InputStream>() {
        @Override
        public boolean hasMoreElements() {
          return remaining.hasNext();
        }

        @Override
        public InputStream nextElement() {
          String part = remaining.next();
          return http.get(urls.url(part, "GET")).orElseThrow(() -> new UncheckedIOException(
              new IOException("manifest part " + place.key(part) + " missing")));
        }
      });
    }, length, CONTENT_TYPE);
    return place.uri(fileName);
  }

  private static InputStream snapshot(Path file, long length) {
    try {
      return new BoundedInputStream(Files.newInputStream(file), length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String uriOf(String fileName) {
    return place.uri(fileName);
  }
}
