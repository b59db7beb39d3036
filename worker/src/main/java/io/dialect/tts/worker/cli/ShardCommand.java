package io.dialect.tts.worker.cli;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.worker.audit.AuditLog;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.metrics.MetricsServer;
import io.dialect.tts.worker.metrics.WorkerMetrics;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.JobOutput;
import io.dialect.tts.worker.output.ManifestStore;
import io.dialect.tts.worker.output.ManifestWriter;
import io.dialect.tts.worker.pipeline.ItemListener;
import io.dialect.tts.worker.pipeline.ShardRunner;
import io.dialect.tts.worker.pipeline.ShardStoppedException;
import io.dialect.tts.worker.pipeline.ShardSummary;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.progress.ProgressCounters;
import io.dialect.tts.worker.progress.RedisProgressCounters;
import io.dialect.tts.worker.source.InvalidSourceException;
import io.dialect.tts.worker.source.ItemSources;
import io.dialect.tts.worker.source.Shard;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shard}: one shard of a TTSJob in a worker pod, wired as the operator mounts it
 * ({@link WorkerPodContract}). Failed items are recorded in the manifest and counters, not in the exit
 * code: exit 0 when the shard ran to its end, 3 when the job or config cannot work (the Job controller
 * must not retry), 1 when something transient broke (it may).
 */
@Command(name = "shard", mixinStandardHelpOptions = true,
    description = "Synthesize one shard of a TTSJob in a worker pod (index from JOB_COMPLETION_INDEX).")
final class ShardCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardCommand.class);
  private static final Duration PROGRESS_EXPIRY = Duration.ofDays(7);
  /** Less than a pod's default termination grace period (30 s), so the kubelet's SIGKILL comes after. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(25);

  @Option(names = "--index", description = "Shard index (env JOB_COMPLETION_INDEX).")
  private Integer index;

  @Option(names = "--shards", description = "Number of shards (env TTS_SHARD_COUNT).")
  private Integer shards;

  @Option(names = "--job-file", description = "The TTSJob manifest (default: the operator's mount).")
  private Path jobFile = Path.of(WorkerPodContract.JOB_DIR, WorkerPodContract.JOB_FILE);

  @Option(names = "--source-dir", description = "Where a configMapRef source is mounted.")
  private Path sourceDir = Path.of(WorkerPodContract.SOURCE_DIR);

  @Option(names = "--output-dir", description = "Where a pvc output is mounted.")
  private Path outputDir = Path.of(WorkerPodContract.OUTPUT_DIR);

  @Option(names = "--tmp-dir", description = "Writable scratch space.")
  private Path tmpDir = Path.of(WorkerPodContract.TMP_DIR);

  @Option(names = "--metrics-port", description = "Port of /metrics and /healthz (env TTS_METRICS_PORT; 0 = any).")
  private Integer metricsPort;

  @Mixin
  private ServiceOptions services;

  @Override
  public Integer call() throws Exception {
    TTSJob job;
    WorkerConfig config;
    Shard shard;
    try {
      job = JobManifests.read(jobFile);
      config = services.config != null ? services.config() : configFromMount();
      shard = new Shard(intSetting(index, WorkerPodContract.ENV_SHARD_INDEX, null),
          intSetting(shards, WorkerPodContract.ENV_SHARD_COUNT, 1));
    } catch (IllegalArgumentException | JobManifests.InvalidJobException e) {
      LOG.error("cannot run this shard: {}", e.getMessage());
      return WorkerPodContract.EXIT_INVALID;
    }
    String namespace = job.getMetadata().getNamespace();
    String jobName = job.getMetadata().getName();
    String uid = ServiceOptions.blankToNull(System.getenv(WorkerPodContract.ENV_JOB_UID)) != null
        ? System.getenv(WorkerPodContract.ENV_JOB_UID) : String.valueOf(job.getMetadata().getUid());

    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Closed last, after the outcome is logged: SIGTERM holds the JVM open until then.
    GracefulShutdown shutdown = new GracefulShutdown(DRAIN_GRACE);
    try (MetricsServer ignored = MetricsServer.start(intSetting(metricsPort, WorkerPodContract.ENV_METRICS_PORT,
             WorkerPodContract.METRICS_PORT), meters, () -> true);
         WorkerAssembly assembly = WorkerAssembly.create(config,
             new WorkerAssembly.Environment(services.redisUrl(), services.s3Settings(), null), meters)) {
      JobOutput output = JobOutput.forJob(job.getSpec().getOutput(), namespace, assembly::s3, outputDir, tmpDir,
          JobOutput.DEFAULT_PUBLISH_EVERY);
      StatefulRedisConnection<String, String> redis = assembly.redis() == null ? null : assembly.redis().connect();
      try {
        ProgressCounters progress = redis == null ? new LocalProgressCounters()
            : new RedisProgressCounters(redis, namespace, jobName, uid, shard.index(), PROGRESS_EXPIRY);
        ShardSummary summary = runShard(job, assembly, output, progress, shard, new WorkerMetrics(meters), shutdown);
        LOG.info("shard {}/{} of {}/{} done: {} items, {} succeeded, {} failed, {} cached, {} billed characters",
            shard.index(), shard.count(), namespace, jobName, summary.items(), summary.succeeded(), summary.failed(),
            summary.cached(), summary.billedCharacters());
        mergeManifestWhenLast(redis, output, namespace, jobName, uid, shard);
      } finally {
        if (redis != null) {
          redis.close();
        }
      }
      return WorkerPodContract.EXIT_OK;
    } catch (IllegalArgumentException | InvalidSourceException e) {
      LOG.error("cannot run this shard: {}", e.getMessage());
      return WorkerPodContract.EXIT_INVALID;
    } catch (ShardStoppedException e) {
      LOG.info("shard {} of {}/{} {}", shard.index(), namespace, jobName, e.getMessage());
      return WorkerPodContract.EXIT_RETRYABLE;
    } catch (RuntimeException e) {
      LOG.error("shard stopped by a transient failure; the Job controller may retry it", e);
      return WorkerPodContract.EXIT_RETRYABLE;
    } finally {
      shutdown.close();
    }
  }

  private ShardSummary runShard(TTSJob job, WorkerAssembly assembly, JobOutput output, ProgressCounters progress,
      Shard shard, WorkerMetrics metrics, GracefulShutdown shutdown) throws Exception {
    AuditLog audit = new AuditLog(System.out, Clock.systemUTC(), job.getMetadata().getNamespace(),
        job.getMetadata().getName());
    String part = ManifestStore.partName(shard.index());
    // Read before the part is replaced: items an earlier attempt wrote keep what that attempt recorded.
    EarlierResults earlier = output.manifests().earlier(part);
    if (earlier.size() > 0) {
      LOG.info("an earlier attempt of shard {} recorded {} finished items", shard.index(), earlier.size());
    }
    try (ManifestWriter manifest = output.manifests().open(part)) {
      List<ItemListener> listeners = List.of(
          result -> manifest.append(result.entry()),
          result -> audit.record(result.dialect(), result.voice(), result.entry()),
          result -> metrics.itemFinished(String.valueOf(result.dialect()), String.valueOf(result.voice()),
              result.entry()));
      var source = ItemSources.forJob(job.getSpec(), sourceDir, assembly::s3);
      ShardRunner runner = assembly.runnerFor(job, output.audio(), earlier, progress, listeners);
      shutdown.onStop(runner::stop);
      return runner.run(ItemSources.open(source, shard));
    }
  }

  /** The shard that completes the set of finished shards joins the manifest parts into manifest.jsonl. */
  private static void mergeManifestWhenLast(StatefulRedisConnection<String, String> redis, JobOutput output,
      String namespace, String jobName, String uid, Shard shard) throws Exception {
    List<String> parts = IntStream.range(0, shard.count()).mapToObj(ManifestStore::partName).toList();
    if (redis == null) {
      if (shard.count() == 1) {
        LOG.info("manifest at {}", output.manifests().merge(parts, ManifestStore.MANIFEST));
      }
      return;
    }
    String key = RedisKeys.finishedShards(namespace, jobName, uid);
    redis.sync().sadd(key, String.valueOf(shard.index()));
    redis.sync().pexpire(key, PROGRESS_EXPIRY.toMillis());
    if (redis.sync().scard(key) >= shard.count()) {
      LOG.info("all {} shards finished; manifest at {}", shard.count(),
          output.manifests().merge(parts, ManifestStore.MANIFEST));
    }
  }

  private static WorkerConfig configFromMount() {
    Path mounted = Path.of(WorkerPodContract.CONFIG_DIR, WorkerPodContract.CONFIG_FILE);
    return Files.exists(mounted) ? WorkerConfig.load(mounted) : WorkerConfig.embedded();
  }

  private static int intSetting(Integer option, String env, Integer fallback) {
    if (option != null) {
      return option;
    }
    String value = ServiceOptions.blankToNull(System.getenv(env));
    if (value == null) {
      if (fallback == null) {
        throw new IllegalArgumentException(env + " is not set");
      }
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(env + " is not a number: " + value);
    }
  }
}
