package io.dialect.tts.api;

import java.util.List;

/**
 * What the operator mounts into a worker pod and what the worker reads: one definition, so the two
 * sides cannot drift apart.
 */
public final class WorkerPodContract {
  /** The worker container's arguments (the image's entry point runs {@code java -jar /app/tts-worker.jar}). */
  public static final List<String> WORKER_ARGS = List.of("shard");
  public static final String WORKER_JAR = "/app/tts-worker.jar";

  /** The TTSJob (as YAML, including inline items) from the operator-owned ConfigMap. */
  public static final String JOB_DIR = "/etc/tts/job";
  public static final String JOB_FILE = "ttsjob.yaml";
  /** Provider settings and voice catalog from the operator's provider ConfigMap. */
  public static final String CONFIG_DIR = "/etc/tts/config";
  public static final String CONFIG_FILE = "providers.yaml";
  /** The user's source ConfigMap, when spec.source.configMapRef is set; the key is a file here. */
  public static final String SOURCE_DIR = "/etc/tts/source";
  /** The output PersistentVolumeClaim, when spec.output.pvc is set. */
  public static final String OUTPUT_DIR = "/var/lib/tts/output";
  /** A writable emptyDir: the root filesystem is read-only. */
  public static final String TMP_DIR = "/tmp";

  public static final String ENV_NAMESPACE = "TTS_NAMESPACE";
  public static final String ENV_JOB_NAME = "TTS_JOB_NAME";
  public static final String ENV_JOB_UID = "TTS_JOB_UID";
  public static final String ENV_SHARD_COUNT = "TTS_SHARD_COUNT";
  /** Set by the batch Job controller in Indexed completion mode. */
  public static final String ENV_SHARD_INDEX = "JOB_COMPLETION_INDEX";
  public static final String ENV_REDIS_URL = "TTS_REDIS_URL";
  public static final String ENV_CACHE_SCOPE = "TTS_CACHE_SCOPE";
  public static final String ENV_S3_ENDPOINT = "TTS_S3_ENDPOINT";
  public static final String ENV_S3_REGION = "TTS_S3_REGION";
  public static final String ENV_S3_PATH_STYLE = "TTS_S3_PATH_STYLE";
  public static final String ENV_S3_CACHE_BUCKET = "TTS_S3_CACHE_BUCKET";
  /** The AWS SDK's standard credential variables, filled from a Secret. */
  public static final String ENV_AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
  public static final String ENV_AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
  public static final String ENV_METRICS_PORT = "TTS_METRICS_PORT";

  public static final int METRICS_PORT = 9090;
  public static final String METRICS_PORT_NAME = "metrics";

  /** The shard finished (items that failed are recorded in the manifest, not in the exit code). */
  public static final int EXIT_OK = 0;
  /** Something transient broke (Redis, S3, a crash): the batch Job may retry the index. */
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
