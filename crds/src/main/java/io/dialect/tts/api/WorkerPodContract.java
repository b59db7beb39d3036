package io.dialect.tts.api;

import java.util.List;

/**
 * What the operator gives a worker pod and what the worker image reads, and what the chart gives the
 * gateway (the same image, {@code serve}): one definition, so the sides cannot drift apart. A worker pod
 * holds no provider key, no Redis and no S3 credentials: it has a projected ServiceAccount token for
 * the gateway, the team's source ConfigMap or claim, and scratch space.
 */
public final class WorkerPodContract {
  /** The worker container's arguments (the image's entry point runs {@code java -jar /app/tts-worker.jar}). */
  public static final List<String> WORKER_ARGS = List.of("shard");
  public static final String WORKER_JAR = "/app/tts-worker.jar";

  /** Where the pod's projected ServiceAccount token for the gateway is mounted, and its file name. */
  public static final String GATEWAY_TOKEN_DIR = "/var/run/secrets/tts";
  public static final String GATEWAY_TOKEN_FILE = "token";
  /** The user's source ConfigMap, when spec.source.configMapRef is set; the key is a file here. */
  public static final String SOURCE_DIR = "/etc/tts/source";
  /** The output PersistentVolumeClaim, when spec.output.pvc is set. */
  public static final String OUTPUT_DIR = "/var/lib/tts/output";
  /** A writable emptyDir: the root filesystem is read-only. */
  public static final String TMP_DIR = "/tmp";

  /** The gateway's base URL, e.g. http://tts-gateway.tts-system.svc. */
  public static final String ENV_GATEWAY_URL = "TTS_GATEWAY_URL";
  /** The token file (default {@code GATEWAY_TOKEN_DIR/GATEWAY_TOKEN_FILE}). */
  public static final String ENV_GATEWAY_TOKEN_FILE = "TTS_GATEWAY_TOKEN_FILE";
  /** Set by the batch Job controller in Indexed completion mode (the gateway reads it from the pod, not the env). */
  public static final String ENV_SHARD_INDEX = "JOB_COMPLETION_INDEX";

  /** The gateway's provider settings and voice catalog: the providers ConfigMap, mounted in the gateway pods. */
  public static final String CONFIG_DIR = "/etc/tts/config";
  public static final String CONFIG_FILE = "providers.yaml";
  /** The gateway's services (set by the chart on the gateway Deployment only). */
  public static final String ENV_REDIS_URL = "TTS_REDIS_URL";
  /** Redis' password, from a Secret of the operator's namespace (gateway and operator only). */
  public static final String ENV_REDIS_PASSWORD = "TTS_REDIS_PASSWORD";
  public static final String ENV_S3_ENDPOINT = "TTS_S3_ENDPOINT";
  public static final String ENV_S3_REGION = "TTS_S3_REGION";
  public static final String ENV_S3_PATH_STYLE = "TTS_S3_PATH_STYLE";
  /** The AWS SDK's standard credential variables, filled from a Secret of the operator's namespace. */
  public static final String ENV_AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
  public static final String ENV_AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
  /** The gateway's HTTP port: API, probes and metrics. */
  public static final int GATEWAY_PORT = 8080;

  /** The shard finished (items that failed are recorded in the manifest, not in the exit code). */
  public static final int EXIT_OK = 0;
  /** Something transient broke (the gateway, S3, a crash): the batch Job may retry the index. */
  public static final int EXIT_RETRYABLE = 1;
  /** The job or its configuration cannot work: retrying the index is pointless (podFailurePolicy FailIndex). */
  public static final int EXIT_INVALID = 3;

  private WorkerPodContract() {
  }

  /** Item n (0-based, in source order) belongs to shard n mod shardCount. */
  public static boolean shardOwns(long itemOrdinal, int shardIndex, int shardCount) {
    return itemOrdinal % shardCount == shardIndex;
  }
}
