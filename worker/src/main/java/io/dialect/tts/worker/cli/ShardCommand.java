package io.dialect.tts.worker.cli;

import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.worker.gateway.GatewayApi.ShardInfo;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.JobOutput;
import io.dialect.tts.worker.output.ManifestStore;
import io.dialect.tts.worker.output.ManifestWriter;
import io.dialect.tts.worker.pipeline.ItemPipeline;
import io.dialect.tts.worker.pipeline.ShardRunner;
import io.dialect.tts.worker.pipeline.ShardStoppedException;
import io.dialect.tts.worker.pipeline.ShardSummary;
import io.dialect.tts.worker.shard.GatewayCallException;
import io.dialect.tts.worker.shard.GatewayClient;
import io.dialect.tts.worker.shard.GatewayObjectUrls;
import io.dialect.tts.worker.shard.GatewayProgressCounters;
import io.dialect.tts.worker.shard.GatewaySynthesizer;
import io.dialect.tts.worker.source.InvalidSourceException;
import io.dialect.tts.worker.source.ItemSource;
import io.dialect.tts.worker.source.ItemSources;
import io.dialect.tts.worker.source.Shard;
import io.dialect.tts.worker.source.UrlItemSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shard}: one shard of a TTSJob in a worker pod. The pod holds no provider key, Redis or S3
 * credentials: it asks the gateway, with its projected ServiceAccount token, which shard it runs (the
 * job's spec and identity come from there, not from anything the team can edit), reads its items,
 * has the gateway synthesize them, writes the audio and its manifest part to the job's output, and
 * reports progress. Exit 0 when the shard ran to its end (failed items are in the manifest), 3 when the
 * job cannot work (the Job controller must not retry), 1 when something transient broke (it may).
 */
@Command(name = "shard", mixinStandardHelpOptions = true,
    description = "Synthesize one shard of a TTSJob in a worker pod, through the synthesis gateway.")
final class ShardCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardCommand.class);
  /** Less than a pod's default termination grace period (30 s), so the kubelet's SIGKILL comes after. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(25);
  /**
   * How long the gateway is waited for (restarting, or answering 503 while its Redis is away) before the
   * shard gives up and is retried: long enough to ride out a Redis failover or restart.
   */
  private static final Duration GATEWAY_PATIENCE = Duration.ofMinutes(10);

  @Option(names = "--gateway", description = "The gateway's URL (env TTS_GATEWAY_URL).")
  private URI gateway;

  @Option(names = "--token-file", description = "The pod's projected token for the gateway (env "
      + "TTS_GATEWAY_TOKEN_FILE; default /var/run/secrets/tts/token).")
  private Path tokenFile;

  @Option(names = "--source-dir", description = "Where a configMapRef source is mounted.")
  private Path sourceDir = Path.of(WorkerPodContract.SOURCE_DIR);

  @Option(names = "--output-dir", description = "Where a pvc output is mounted.")
  private Path outputDir = Path.of(WorkerPodContract.OUTPUT_DIR);

  @Option(names = "--tmp-dir", description = "Writable scratch space.")
  private Path tmpDir = Path.of(WorkerPodContract.TMP_DIR);

  @Option(names = "--concurrency", description = "Items in flight (default 16; the gateway bounds its own work).")
  private int concurrency = 16;

  @Override
  public Integer call() throws Exception {
    URI base = gateway != null ? gateway : uri(System.getenv(WorkerPodContract.ENV_GATEWAY_URL));
    if (base == null) {
      LOG.error("cannot run this shard: no gateway URL ({} or --gateway)", WorkerPodContract.ENV_GATEWAY_URL);
      return WorkerPodContract.EXIT_INVALID;
    }
    Path token = tokenFile != null ? tokenFile : Path.of(System.getenv().getOrDefault(
        WorkerPodContract.ENV_GATEWAY_TOKEN_FILE, WorkerPodContract.GATEWAY_TOKEN_DIR + "/"
            + WorkerPodContract.GATEWAY_TOKEN_FILE));
    // Closed last, after the outcome is logged: SIGTERM holds the JVM open until then.
    GracefulShutdown shutdown = new GracefulShutdown(DRAIN_GRACE);
    ShardInfo info = null;
    try (GatewayClient client = new GatewayClient(base, token, GATEWAY_PATIENCE)) {
      info = client.shard();
      TTSJob job = job(info);
      JobOutput output = JobOutput.forJob(job.getSpec().getOutput(), info.namespace(), new GatewayObjectUrls(client),
          outputDir, tmpDir, JobOutput.DEFAULT_PUBLISH_EVERY);
      ShardSummary summary = runShard(job, info, client, output, shutdown);
      LOG.info("shard {}/{} of {}/{} done: {} items, {} succeeded, {} failed, {} cached", info.index(), info.count(),
          info.namespace(), info.job(), summary.items(), summary.succeeded(), summary.failed(), summary.cached());
      if (client.complete()) {
        List<String> parts = IntStream.range(0, info.count()).mapToObj(ManifestStore::partName).toList();
        LOG.info("all {} shards finished; manifest at {}", info.count(),
            output.manifests().merge(parts, ManifestStore.MANIFEST));
      }
      return WorkerPodContract.EXIT_OK;
    } catch (GatewayCallException e) {
      // The gateway refused this pod or its job (not a live shard of an admitted job, a bad token, a source
      // outside the namespace): another attempt would be refused the same way.
      LOG.error("cannot run this shard: {}", e.getMessage());
      return e.status() == 401 || e.status() == 403 || e.status() == 400 ? WorkerPodContract.EXIT_INVALID
          : WorkerPodContract.EXIT_RETRYABLE;
    } catch (IllegalArgumentException | InvalidSourceException e) {
      LOG.error("cannot run this shard: {}", e.getMessage());
      return WorkerPodContract.EXIT_INVALID;
    } catch (ShardStoppedException e) {
      LOG.info("shard {} {}", info == null ? "?" : info.index(), e.getMessage());
      return WorkerPodContract.EXIT_RETRYABLE;
    } catch (RuntimeException e) {
      LOG.error("shard stopped by a transient failure; the Job controller may retry it", e);
      return WorkerPodContract.EXIT_RETRYABLE;
    } finally {
      shutdown.close();
    }
  }

  private ShardSummary runShard(TTSJob job, ShardInfo info, GatewayClient client, JobOutput output,
      GracefulShutdown shutdown) throws Exception {
    String part = ManifestStore.partName(info.index());
    // Read before the part is replaced: items an earlier attempt wrote keep what that attempt recorded.
    EarlierResults earlier = output.manifests().earlier(part);
    if (earlier.size() > 0) {
      LOG.info("an earlier attempt of shard {} recorded {} finished items", info.index(), earlier.size());
    }
    ItemSource source = ItemSources.forJob(job.getSpec(), sourceDir,
        object -> new UrlItemSource(client::sourceUrl, "s3://" + object.getBucket() + "/" + object.getKey(),
            object.getFormat()));
    try (ManifestWriter manifest = output.manifests().open(part);
         GatewaySynthesizer synthesizer = new GatewaySynthesizer(client, concurrency, 20, 2);
         GatewayProgressCounters progress = new GatewayProgressCounters(client, Duration.ofSeconds(1), Duration.ofSeconds(10))) {
      ShardRunner runner = new ShardRunner(new ItemPipeline(synthesizer, job.getSpec().effectiveFormat(),
          output.audio(), earlier), concurrency, progress, List.of(result -> manifest.append(result.entry())));
      shutdown.onStop(runner::stop);
      return runner.run(ItemSources.open(source, new Shard(info.index(), info.count())));
    }
  }

  /** The TTSJob as the gateway has it from the API server. */
  private static TTSJob job(ShardInfo info) {
    TTSJob job = new TTSJob();
    job.getMetadata().setNamespace(info.namespace());
    job.getMetadata().setName(info.job());
    job.getMetadata().setUid(info.uid());
    job.setSpec(info.spec());
    return job;
  }

  private static URI uri(String value) {
    return ServiceOptions.blankToNull(value) == null ? null : URI.create(value);
  }
}
