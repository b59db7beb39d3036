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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Manifest objects at {@code {namespace}/{prefix}{name}}. S3 has no append, so a writer buffers its
 * lines in a temporary file (the pod's writable /tmp) and uploads the whole file over the same
 * object every {@code publishEvery} lines and at close.
 */
public final class S3ManifestStore implements ManifestStore {
  private static final String CONTENT_TYPE = "application/x-ndjson";

  private final S3Client s3;
  private final S3Place place;
  private final Path tempDir;
  private final int publishEvery;

  public S3ManifestStore(S3Client s3, String bucket, String namespace, String prefix, Path tempDir, int publishEvery) {
    this(s3, new S3Place(bucket, namespace, prefix), tempDir, publishEvery);
  }

  S3ManifestStore(S3Client s3, S3Place place, Path tempDir, int publishEvery) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.place = place;
    this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
    this.publishEvery = publishEvery;
  }

  @Override
  public ManifestWriter open(String fileName) throws IOException {
    String key = place.key(fileName);
    Path temp = Files.createTempFile(Files.createDirectories(tempDir), "manifest-", ".jsonl");
    return ManifestWriter.publishing(temp, publishEvery, (file, length) -> s3.putObject(
        put -> put.bucket(place.bucket()).key(key).contentType(CONTENT_TYPE),
        RequestBody.fromContentProvider(() -> snapshot(file, length), length, CONTENT_TYPE)));
  }

  @Override
  public EarlierResults earlier(String fileName) throws IOException {
    try {
      return EarlierResults.read(s3.getObject(get -> get.bucket(place.bucket()).key(place.key(fileName))));
    } catch (NoSuchKeyException e) {
      return EarlierResults.NONE;
    }
  }

  @Override
  public String merge(List<String> partNames, String fileName) {
    List<String> keys = partNames.stream().map(place::key).toList();
    long length = 0;
    for (String key : keys) {
      length += s3.headObject(head -> head.bucket(place.bucket()).key(key)).contentLength();
    }
    // Each part is opened only when the previous one has been read, so one connection is open at a time.
    ContentStreamProvider concatenation = () -> {
      Iterator<String> remaining = keys.iterator();
      return new SequenceInputStream(new Enumeration<InputStream>() {
        @Override
        public boolean hasMoreElements() {
          return remaining.hasNext();
        }

        @Override
        public InputStream nextElement() {
          String key = remaining.next();
          return s3.getObject(get -> get.bucket(place.bucket()).key(key));
        }
      });
    };
    s3.putObject(put -> put.bucket(place.bucket()).key(place.key(fileName)).contentType(CONTENT_TYPE),
        RequestBody.fromContentProvider(concatenation, length, CONTENT_TYPE));
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
