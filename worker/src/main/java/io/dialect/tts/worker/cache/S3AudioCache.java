package io.dialect.tts.worker.cache;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Long-lived shared tier: one object per entry, the cache scope always a path segment of the key. */
public final class S3AudioCache implements AudioCache {
  private static final Logger LOG = LoggerFactory.getLogger(S3AudioCache.class);
  private static final String CONTENT_TYPE = "application/octet-stream";

  private final S3Client s3;
  private final S3CacheSettings settings;

  private S3AudioCache(S3Client s3, S3CacheSettings settings) {
    this.s3 = s3;
    this.settings = settings;
  }

  /**
   * Checks that the bucket exists and that the prefix is writable (a probe object is written and
   * deleted), then returns the tier.
   *
   * @param s3 from {@code S3ClientFactory}; stays owned by the caller
   * @throws CacheTierMisconfiguredException when the bucket is missing, unreachable or read-only
   */
  public static S3AudioCache open(S3Client s3, S3CacheSettings settings) {
    String place = "s3://" + settings.bucket() + "/" + settings.prefix();
    try {
      s3.headBucket(b -> b.bucket(settings.bucket()));
    } catch (S3Exception e) {
      String problem = e.statusCode() == 404 ? "bucket '" + settings.bucket() + "' does not exist"
          : "bucket '" + settings.bucket() + "' is not accessible (HTTP " + e.statusCode() + ")";
      throw new CacheTierMisconfiguredException("s3", problem, e);
    } catch (SdkException e) {
      throw new CacheTierMisconfiguredException("s3", "cannot reach S3 for " + place + " (" + e.getMessage() + ")", e);
    }
    String probe = settings.prefix() + ".write-probe-" + UUID.randomUUID();
    try {
      s3.putObject(p -> p.bucket(settings.bucket()).key(probe).contentType(CONTENT_TYPE), RequestBody.empty());
    } catch (SdkException e) {
      throw new CacheTierMisconfiguredException("s3", "cannot write to " + place + " (" + e.getMessage() + ")", e);
    }
    try {
      s3.deleteObject(d -> d.bucket(settings.bucket()).key(probe));
    } catch (SdkException e) {
      // Writing works, which is all the tier needs; a stray empty probe object is harmless.
      LOG.warn("could not delete the write probe {} in bucket {}: {}", probe, settings.bucket(), e.getMessage());
    }
    return new S3AudioCache(s3, settings);
  }

  @Override
  public String tier() {
    return "s3";
  }

  @Override
  public Optional<byte[]> get(CacheKey key) {
    try {
      return Optional.of(s3.getObjectAsBytes(g -> g.bucket(settings.bucket()).key(objectKey(key))).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void put(CacheKey key, byte[] audio) {
    s3.putObject(p -> p.bucket(settings.bucket()).key(objectKey(key)).contentType(CONTENT_TYPE),
        RequestBody.fromBytes(audio));
  }

  /** {@code {prefix}{scope}/{hash}}: where the entry of a key lives in the bucket. */
  public String objectKey(CacheKey key) {
    return settings.prefix() + key.scope() + "/" + key.hash();
  }
}
