package io.dialect.tts.worker.storage;

import java.net.URI;
import java.util.Objects;

/**
 * Where the S3 API is. Credentials are not here: the SDK's default chain reads them from the
 * environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, filled from a Secret) or the pod's identity.
 *
 * @param endpoint  an S3-compatible endpoint (MinIO, S3Proxy, Ceph); null for AWS itself
 * @param pathStyle bucket in the path rather than the host name, as most S3-compatible stores need
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle) {
  public S3Settings {
    Objects.requireNonNull(region, "region");
  }
}
