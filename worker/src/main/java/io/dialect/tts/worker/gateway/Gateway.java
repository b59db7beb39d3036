package io.dialect.tts.worker.gateway;

import io.dialect.tts.usage.monitoring.ProcessMetrics;
import io.dialect.tts.usage.monitoring.RedisUpGauge;
import io.dialect.tts.worker.config.CacheConfig;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The synthesis gateway, composed in one place: the engine with the platform's assets (provider keys,
 * caches, ledger: {@link WorkerAssembly}), callers' identity from the API server, the shards' progress
 * in Redis, pre-signed S3 URLs, and the HTTP server.
 */
public final class Gateway implements AutoCloseable {
  /** How often billing Redis did not take is written again. */
  private static final Duration BILLING_FLUSH = Duration.ofSeconds(2);
  /** Under Prometheus' default scrape timeout (10 s), and quick enough for a readiness probe. */
  private static final Duration REDIS_PING_TIMEOUT = Duration.ofSeconds(2);

  /**
   * @param port                 the HTTP port
   * @param audience             what callers' tokens must be minted for
   * @param allowedOutputBuckets buckets jobs may write to; empty means any
   * @param identityCacheFor     how long a verified token and a shard binding are trusted without asking again
   * @param batchConcurrency     items of one batch call synthesized at once
   * @param urlValidity          how long a pre-signed URL is good for
   */
  public record Settings(int port, String audience, Set<String> allowedOutputBuckets, Duration identityCacheFor,
      int batchConcurrency, Duration urlValidity) {
  }

  private final GatewayServer server;
  private final GatewayBilling billing;
  private final StatefulRedisConnection<String, String> redis;
  private final ProcessMetrics processMetrics;
  private final RedisUpGauge redisUp;

  private Gateway(GatewayServer server, GatewayBilling billing, StatefulRedisConnection<String, String> redis,
      ProcessMetrics processMetrics, RedisUpGauge redisUp) {
    this.server = server;
    this.billing = billing;
    this.redis = redis;
    this.processMetrics = processMetrics;
    this.redisUp = redisUp;
  }

  /** Starts serving, with callers' identity from the API server; the assembly and client stay the caller's. */
  public static Gateway start(Settings settings, WorkerAssembly assembly, KubernetesClient kubernetes,
      PrometheusMeterRegistry meters) {
    return start(settings, assembly,
        new KubernetesCallerIdentity(kubernetes, settings.audience(), settings.identityCacheFor()),
        new KubernetesJobRecords(kubernetes), meters);
  }

  /** Starts serving with the given identity and job records (tests use a table of tokens). */
  public static Gateway start(Settings settings, WorkerAssembly assembly, CallerIdentity identity, JobRecords jobs,
      PrometheusMeterRegistry meters) {
    if (assembly.redis() == null) {
      throw new IllegalArgumentException("the gateway needs Redis (TTS_REDIS_URL): it keeps the namespaces' "
          + "ledgers and the shards' progress there");
    }
    StatefulRedisConnection<String, String> redis = assembly.redis().connect();
    S3Presigner presigner = assembly.presigner();
    var catalog = assembly.config().catalog();
    GatewayBilling billing = new GatewayBilling(redis, jobs, BILLING_FLUSH);
    GatewayServer server = GatewayServer.start(settings.port(),
        new InteractiveEndpoint(identity, assembly.engine(), catalog),
        new ShardEndpoints(identity, assembly.engine(), catalog, new ShardProgress(redis, jobs), billing,
            presigner == null ? null : new PresignedUrls(presigner, settings.allowedOutputBuckets(),
                Optional.ofNullable(assembly.config().cache().s3()).map(CacheConfig.S3::bucket), settings.urlValidity()),
            settings.batchConcurrency()),
        meters, () -> RedisUpGauge.answers(redis, REDIS_PING_TIMEOUT));
    return new Gateway(server, billing, redis, new ProcessMetrics(meters),
        new RedisUpGauge(meters, "gateway", redis, REDIS_PING_TIMEOUT));
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    billing.close();
    redisUp.close();
    processMetrics.close();
    redis.close();
  }
}
