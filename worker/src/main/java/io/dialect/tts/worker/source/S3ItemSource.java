package io.dialect.tts.worker.source;

import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.InputStream;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** A JSONL or CSV object in S3, read as one streamed GET: only the current line is in memory. */
public final class S3ItemSource implements ItemSource {
  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final SourceFormat format;

  public S3ItemSource(S3Client s3, String bucket, String key, SourceFormat format) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.key = Objects.requireNonNull(key, "key");
    this.format = format == null ? SourceFormat.JSONL : format;
  }

  @Override
  public Stream<SourceEntry> open() {
    InputStream in;
    try {
      in = s3.getObject(request -> request.bucket(bucket).key(key));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new InvalidSourceException("the source object s3://" + bucket + "/" + key + " does not exist", e);
    }
    return EntryReader.stream(in, format);
  }
}
