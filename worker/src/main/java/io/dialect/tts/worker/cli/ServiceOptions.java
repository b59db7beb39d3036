package io.dialect.tts.worker.cli;

import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.storage.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code run} and {@code shard}: the config file and the optional services. Each
 * falls back to the environment variable the operator sets in a pod ({@link WorkerPodContract}).
 */
final class ServiceOptions {
  @Option(names = "--config", description = "Worker config file (providers, catalog, cache, policy); default: "
      + "embedded espeak-only defaults.")
  Path config;

  @Option(names = "--redis", description = "Redis URL for the shared cache tier, de-duplication and progress "
      + "(env TTS_REDIS_URL).")
  String redis;

  @Option(names = "--s3-endpoint", description = "S3-compatible endpoint for S3 sources, outputs and the S3 cache "
      + "tier (env TTS_S3_ENDPOINT). Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.")
  URI s3Endpoint;

  @Option(names = "--s3-region", description = "S3 region (env TTS_S3_REGION; default us-east-1).")
  String s3Region;

  @Option(names = "--s3-virtual-host", description = "Virtual-host style bucket addressing instead of path style "
      + "(env TTS_S3_PATH_STYLE=false).")
  boolean s3VirtualHost;

  WorkerConfig config() {
    return config == null ? WorkerConfig.embedded() : WorkerConfig.load(config);
  }

  /** {@code --config}, else the provider ConfigMap mounted at its place in the pod, else the embedded defaults. */
  WorkerConfig configOrMounted() {
    Path mounted = Path.of(WorkerPodContract.CONFIG_DIR, WorkerPodContract.CONFIG_FILE);
    return config == null && Files.exists(mounted) ? WorkerConfig.load(mounted) : config();
  }

  String redisUrl() {
    return redis != null ? redis : blankToNull(System.getenv(WorkerPodContract.ENV_REDIS_URL));
  }

  /** From the environment only (a Secret in a pod): a password never goes on a command line. */
  static String redisPassword() {
    return blankToNull(System.getenv(WorkerPodContract.ENV_REDIS_PASSWORD));
  }

  /** S3 when an endpoint or a region is given; otherwise the run has no S3. */
  S3Settings s3Settings() {
    URI endpoint = s3Endpoint != null ? s3Endpoint : uri(System.getenv(WorkerPodContract.ENV_S3_ENDPOINT));
    String region = s3Region != null ? s3Region : blankToNull(System.getenv(WorkerPodContract.ENV_S3_REGION));
    if (endpoint == null && region == null) {
      return null;
    }
    boolean pathStyle = !s3VirtualHost && !"false".equalsIgnoreCase(System.getenv(WorkerPodContract.ENV_S3_PATH_STYLE));
    return new S3Settings(endpoint, region == null ? "us-east-1" : region, pathStyle);
  }

  private static URI uri(String value) {
    return blankToNull(value) == null ? null : URI.create(value);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
