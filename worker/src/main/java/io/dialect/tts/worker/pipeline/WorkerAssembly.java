package io.dialect.tts.worker.pipeline;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.usage.QuotaLedger;
import io.dialect.tts.usage.RedisQuotaLedger;
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
import io.dialect.tts.worker.output.AudioSink;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.policy.ContentPolicy;
import io.dialect.tts.worker.progress.ProgressCounters;
import io.dialect.tts.worker.provider.ProviderChain;
import io.dialect.tts.worker.storage.S3ClientFactory;
import io.dialect.tts.worker.storage.S3Settings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place the worker's stages are built from configuration: a reader sees the whole pipeline
 * here. Clients (Redis, S3) are created once, shared by the stages that need them, and closed with
 * the assembly.
 */
public final class WorkerAssembly implements AutoCloseable {
  private static final Duration REDIS_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  /**
   * What the run has beyond the config file.
   *
   * @param redisUrl     Redis for the shared cache tier, de-duplication and progress; null for none
   * @param s3           the S3 endpoint for outputs, S3 sources and the S3 cache tier; null for none
   * @param diskCacheDir the local run's on-disk cache tier; null in a pod
   */
  public record Environment(String redisUrl, S3Settings s3, Path diskCacheDir) {
  }

  private final WorkerConfig config;
  private final RedisClient redis;
  private final S3Client s3;
  private final ProviderChain providers;
  private final TieredAudioCache cache;
  private final RequestDeduplicator deduplicator;
  /** The namespace's usage ledger; null without Redis (the local run is unmetered). */
  private final QuotaLedger ledger;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private WorkerAssembly(WorkerConfig config, Environment environment, MeterRegistry meters) {
    this.config = config;
    this.redis = environment.redisUrl() == null ? null : RedisClientFactory.create(environment.redisUrl(),
        REDIS_COMMAND_TIMEOUT);
    this.s3 = environment.s3() == null ? null : S3ClientFactory.create(environment.s3());
    this.providers = ProviderChain.create(config.providers(), config.catalog(), meters);
    this.cache = new TieredAudioCache(tiers(config.cache(), environment), meters);
    if (redis != null) {
      RedisRequestDeduplicator redisDeduplicator = RedisRequestDeduplicator.connect(redis, config.dedup());
      closeables.add(redisDeduplicator);
      this.deduplicator = redisDeduplicator;
      StatefulRedisConnection<String, String> ledgerConnection = redis.connect();
      closeables.add(ledgerConnection);
      this.ledger = new RedisQuotaLedger(ledgerConnection, Clock.systemUTC(), config.quota().whenRedisUnavailable());
    } else {
      this.deduplicator = new LocalRequestDeduplicator();
      this.ledger = null;
    }
  }

  /** Builds every stage; a misconfigured stage (unreachable Redis, missing bucket) fails here, at start. */
  public static WorkerAssembly create(WorkerConfig config, Environment environment, MeterRegistry meters) {
    return new WorkerAssembly(config, environment, meters);
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

  /**
   * The pipeline for one job's items, writing audio to {@code sink}; {@code earlier} is what an earlier
   * attempt recorded for the items already there.
   */
  public ItemPipeline pipelineFor(TTSJob job, AudioSink sink, EarlierResults earlier) {
    TTSJobSpec spec = job.getSpec();
    String scope = config.cache().scope().scopeFor(job.getMetadata().getNamespace());
    return new ItemPipeline(new JobDefaults(spec, config.catalog()), ContentPolicy.of(config.contentPolicy()),
        spec.cacheEnabled() ? cache : null, scope, deduplicator, providers,
        spec.getProviders() == null ? List.of() : spec.getProviders(), sink, earlier,
        ledger == null ? JobQuota.unmetered() : JobQuota.metered(ledger, job.getMetadata().getNamespace()));
  }

  public ShardRunner runnerFor(TTSJob job, AudioSink sink, EarlierResults earlier, ProgressCounters progress,
      List<ItemListener> listeners) {
    return new ShardRunner(pipelineFor(job, sink, earlier), config.concurrency(), progress, listeners);
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
    }
    if (redis != null) {
      redis.shutdown();
    }
  }
}
