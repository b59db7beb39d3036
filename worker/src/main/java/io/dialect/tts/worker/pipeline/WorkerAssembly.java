package io.dialect.tts.worker.pipeline;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.usage.QuotaLedger;
import io.dialect.tts.usage.QuotaNamespaces;
import io.dialect.tts.usage.RedisQuotaLedger;
import io.dialect.tts.worker.audit.AuditLog;
import io.dialect.tts.worker.cache.AudioCache;
import io.dialect.tts.worker.cache.CacheTierMisconfiguredException;
import io.dialect.tts.worker.cache.DiskAudioCache;
import io.dialect.tts.worker.cache.DiskCacheSettings;
import io.dialect.tts.worker.cache.MemoryAudioCache;
import io.dialect.tts.worker.cache.RedisAudioCache;
import io.dialect.tts.worker.cache.RedisClientFactory;
import io.dialect.tts.worker.cache.S3AudioCache;
import io.dialect.tts.worker.cache.S3CacheSettings;
import io.dialect.tts.worker.cache.TieredAudioCache;
import io.dialect.tts.worker.config.CacheConfig;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.dedup.LocalRequestDeduplicator;
import io.dialect.tts.worker.dedup.RedisRequestDeduplicator;
import io.dialect.tts.worker.dedup.RequestDeduplicator;
import io.dialect.tts.worker.engine.BillingMeter;
import io.dialect.tts.worker.engine.JobContext;
import io.dialect.tts.worker.engine.SynthesisEngine;
import io.dialect.tts.worker.metrics.WorkerMetrics;
import io.dialect.tts.worker.output.AudioSink;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.policy.ContentPolicy;
import io.dialect.tts.worker.progress.ProgressCounters;
import io.dialect.tts.worker.provider.ProviderChain;
import io.dialect.tts.worker.provider.SharedLimits;
import io.dialect.tts.worker.storage.S3ClientFactory;
import io.dialect.tts.worker.storage.S3Settings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The one place the engine's stages are built from configuration: a reader sees the whole pipeline
 * here. Clients (Redis, S3) are created once, shared by the stages that need them, and closed with
 * the assembly. The gateway builds one for all its callers; the local run builds one for its job.
 */
public final class WorkerAssembly implements AutoCloseable {
  private static final Duration REDIS_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  /**
   * What the run has beyond the config file.
   *
   * @param redisUrl      Redis for the shared cache tier, de-duplication, the ledger and progress; null for none
   * @param redisPassword its password (from a Secret); null when it has none
   * @param s3            the S3 endpoint for outputs, S3 sources and the S3 cache tier; null for none
   * @param diskCacheDir  the local run's on-disk cache tier; null in the gateway
   * @param quotaNamespaces which namespaces have a TTSQuota (the gateway asks the API server): their limits
   *                      missing from Redis mean Redis lost them, and the ledger refuses until they are back
   */
  public record Environment(String redisUrl, String redisPassword, S3Settings s3, Path diskCacheDir,
      QuotaNamespaces quotaNamespaces) {

    /** Without an API server: no namespace is known to have a TTSQuota. */
    public Environment(String redisUrl, String redisPassword, S3Settings s3, Path diskCacheDir) {
      this(redisUrl, redisPassword, s3, diskCacheDir, QuotaNamespaces.NONE);
    }
  }

  private final WorkerConfig config;
  private final RedisClient redis;
  private final S3Client s3;
  private final S3Presigner presigner;
  private final TieredAudioCache cache;
  private final SynthesisEngine engine;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private WorkerAssembly(WorkerConfig config, Environment environment, MeterRegistry meters, PrintStream audit) {
    this.config = config;
    this.redis = environment.redisUrl() == null ? null : RedisClientFactory.create(environment.redisUrl(),
        environment.redisPassword(), REDIS_COMMAND_TIMEOUT);
    this.s3 = environment.s3() == null ? null : S3ClientFactory.create(environment.s3());
    this.presigner = environment.s3() == null ? null : S3ClientFactory.presigner(environment.s3());
    this.cache = new TieredAudioCache(tiers(config.cache(), environment), meters);
    RequestDeduplicator deduplicator;
    // The namespaces' usage ledger; none without Redis (the local run is unmetered).
    QuotaLedger ledger;
    SharedLimits sharedLimits = null;
    if (redis != null) {
      RedisRequestDeduplicator redisDeduplicator = RedisRequestDeduplicator.connect(redis, config.dedup());
      closeables.add(redisDeduplicator);
      deduplicator = redisDeduplicator;
      StatefulRedisConnection<String, String> ledgerConnection = redis.connect();
      closeables.add(ledgerConnection);
      ledger = new RedisQuotaLedger(ledgerConnection, Clock.systemUTC(), config.quota().whenRedisUnavailable(),
          environment.quotaNamespaces());
      StatefulRedisConnection<String, String> limitsConnection = redis.connect();
      closeables.add(limitsConnection);
      sharedLimits = new SharedLimits(limitsConnection, meters);
    } else {
      deduplicator = new LocalRequestDeduplicator();
      ledger = null;
    }
    this.engine = new SynthesisEngine(ContentPolicy.of(config.contentPolicy()), cache, config.cache().scope(),
        deduplicator, ProviderChain.create(config.providers(), config.catalog(), meters, sharedLimits), ledger,
        new AuditLog(audit, Clock.systemUTC()), new WorkerMetrics(meters));
  }

  /**
   * Builds every stage; a misconfigured stage (unreachable Redis, missing bucket) fails here, at start.
   *
   * @param audit where the audit log's lines go (the gateway's stdout, the local run's audit.jsonl)
   */
  public static WorkerAssembly create(WorkerConfig config, Environment environment, MeterRegistry meters,
      PrintStream audit) {
    return new WorkerAssembly(config, environment, meters, audit);
  }

  private List<AudioCache> tiers(CacheConfig settings, Environment environment) {
    List<AudioCache> tiers = new ArrayList<>();
    if (settings.memory().maxBytes() > 0) {
      tiers.add(new MemoryAudioCache(settings.memory().maxBytes()));
    }
    if (environment.diskCacheDir() != null || settings.disk() != null) {
      Path dir = settings.disk() != null && settings.disk().directory() != null
          ? settings.disk().directory() : environment.diskCacheDir();
      long bytes = settings.disk() == null ? 0 : settings.disk().maxBytes();
      tiers.add(DiskAudioCache.open(new DiskCacheSettings(dir, bytes)));
    }
    if (redis != null) {
      RedisAudioCache redisCache = RedisAudioCache.connect(redis, settings.redis().ttl());
      closeables.add(redisCache);
      tiers.add(redisCache);
    }
    if (settings.s3() != null) {
      if (s3 == null) {
        throw new CacheTierMisconfiguredException("s3", "cache.s3 is set but the run has no S3 endpoint or region", null);
      }
      tiers.add(S3AudioCache.open(s3, new S3CacheSettings(settings.s3().bucket(), settings.s3().prefix())));
    }
    return tiers;
  }

  public SynthesisEngine engine() {
    return engine;
  }

  /**
   * A shard of {@code job} synthesized by this process's engine (the local run), written to {@code sink};
   * {@code earlier} is what an earlier run recorded for the items already there.
   */
  public ShardRunner localRunnerFor(TTSJob job, AudioSink sink, EarlierResults earlier, ProgressCounters progress,
      BillingMeter billing, List<ItemListener> listeners) {
    JobContext context = JobContext.of(job, config.catalog(), billing);
    return new ShardRunner(new ItemPipeline(item -> engine.synthesize(context, item), job.getSpec().effectiveFormat(),
        sink, earlier), config.concurrency(), progress, listeners);
  }

  public WorkerConfig config() {
    return config;
  }

  /** Redis, or null when the run has none. */
  public RedisClient redis() {
    return redis;
  }

  /** S3, or null when the run has no S3 endpoint. */
  public S3Client s3() {
    return s3;
  }

  /** Signs URLs of S3 objects for callers without credentials; null when the run has no S3 endpoint. */
  public S3Presigner presigner() {
    return presigner;
  }

  public List<String> cacheTiers() {
    return cache.tiers();
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : closeables.reversed()) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing is best effort at shutdown; the run's outcome is already decided.
      }
    }
    if (s3 != null) {
      s3.close();
      presigner.close();
    }
    if (redis != null) {
      redis.shutdown();
    }
  }
}
