package io.dialect.tts.worker.output;

/**
 * Pre-signed URLs of a job's S3 output objects, by file name: a shard pod holds no S3 credentials, the
 * gateway signs a URL for each object of the pod's own job (under its namespace) and method.
 */
@FunctionalInterface
public interface ObjectUrls {
  /** A URL for {@code method} (GET, PUT or HEAD) of {@code fileName} in the job's output place. */
  String url(String fileName, String method);
}
