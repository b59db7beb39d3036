package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.OutputLayout;
import io.dialect.tts.api.v1alpha1.S3Output;
import io.dialect.tts.api.v1alpha1.S3Source;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 for shard pods without S3 credentials: pre-signed URLs, short-lived, each for one object of the
 * caller's own job, always under the caller's namespace. The bucket and prefix come from the TTSJob as
 * the API server has it; a pod names only file names, checked to stay inside that place.
 */
final class PresignedUrls {
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  private final S3Presigner presigner;
  private final Set<String> allowedBuckets;
  private final Optional<String> cacheBucket;
  private final Duration validity;

  /**
   * @param allowedBuckets buckets jobs may write to; empty means any
   * @param cacheBucket    the audio cache's bucket, never a job's source or output: a URL into it could
   *                       read or overwrite cached audio
   */
  PresignedUrls(S3Presigner presigner, Set<String> allowedBuckets, Optional<String> cacheBucket, Duration validity) {
    this.presigner = presigner;
    this.allowedBuckets = Set.copyOf(allowedBuckets);
    this.cacheBucket = cacheBucket;
    this.validity = validity;
  }

  /** URLs for {@code method} (GET, PUT or HEAD) of files in the shard's S3 output place. */
  Map<String, String> output(Shard shard, List<String> files, String method) {
    TTSJobSpec spec = shard.job().getSpec();
    S3Output output = spec.getOutput() == null ? null : spec.getOutput().getS3();
    if (output == null) {
      throw GatewayException.invalid("the job's output is not in S3");
    }
    refuseCacheBucket(output.getBucket());
    if (!allowedBuckets.isEmpty() && !allowedBuckets.contains(output.getBucket())) {
      throw GatewayException.forbidden("bucket " + output.getBucket() + " is not one jobs may write to");
    }
    OutputLayout layout = OutputLayout.of(shard.namespace(), spec.getOutput());
    String base = layout.manifestPath().substring(0, layout.manifestPath().length() - OutputLayout.MANIFEST.length());
    Map<String, String> urls = new LinkedHashMap<>();
    for (String file : files) {
      if (file == null || !FILE_NAME.matcher(file).matches() || file.contains("..")) {
        throw GatewayException.invalid("'" + file + "' is not a file name of the job's output");
      }
      urls.put(file, presign(output.getBucket(), base + file, method));
    }
    return urls;
  }

  /** A GET URL of the job's source object, which must lie under the caller's namespace. */
  String source(Shard shard) {
    TTSJobSpec spec = shard.job().getSpec();
    S3Source source = spec.getSource() == null ? null : spec.getSource().getS3();
    if (source == null) {
      throw GatewayException.invalid("the job's source is not in S3");
    }
    refuseCacheBucket(source.getBucket());
    if (!source.getKey().startsWith(shard.namespace() + "/") || source.getKey().contains("..")) {
      throw GatewayException.forbidden("spec.source.s3.key must lie under " + shard.namespace()
          + "/ (the job's namespace), not " + source.getKey());
    }
    return presign(source.getBucket(), source.getKey(), "GET");
  }

  private void refuseCacheBucket(String bucket) {
    if (cacheBucket.filter(bucket::equals).isPresent()) {
      throw GatewayException.forbidden("bucket " + bucket + " holds the platform's audio cache; jobs cannot use it");
    }
  }

  private String presign(String bucket, String key, String method) {
    return switch (method) {
      case "GET" -> presigner.presignGetObject(r -> r.signatureDuration(validity)
          .getObjectRequest(o -> o.bucket(bucket).key(key))).url().toString();
      case "PUT" -> presigner.presignPutObject(r -> r.signatureDuration(validity)
          .putObjectRequest(o -> o.bucket(bucket).key(key))).url().toString();
      case "HEAD" -> presigner.presignHeadObject(r -> r.signatureDuration(validity)
          .headObjectRequest(o -> o.bucket(bucket).key(key))).url().toString();
      default -> throw GatewayException.invalid("method must be GET, PUT or HEAD, not " + method);
    };
  }
}
