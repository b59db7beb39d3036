package io.dialect.tts.operator;

import io.dialect.tts.api.Labels;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.events.EventRecorder;
import io.dialect.tts.operator.launch.ShardPlanner;
import io.dialect.tts.operator.launch.WorkerJobBuilder;
import io.dialect.tts.operator.launch.WorkerLauncher;
import io.dialect.tts.operator.metrics.JobMetrics;
import io.dialect.tts.operator.metrics.QuotaGauges;
import io.dialect.tts.operator.progress.ProgressCleanup;
import io.dialect.tts.operator.progress.ProgressCounters;
import io.dialect.tts.operator.quota.ActiveJobs;
import io.dialect.tts.operator.quota.NamespaceBudget;
import io.dialect.tts.operator.quota.QuotaAdmission;
import io.dialect.tts.operator.quota.QuotaLimitsSync;
import io.dialect.tts.operator.quota.TTSQuotaReconciler;
import io.dialect.tts.operator.reconciler.TTSJobReconciler;
import io.dialect.tts.operator.status.StatusThrottle;
import io.dialect.tts.operator.validation.JobValidator;
import io.dialect.tts.operator.validation.ProviderConfigSource;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.dialect.tts.usage.RedisAddress;
import io.dialect.tts.usage.UsageReader;
import io.dialect.tts.usage.UsageRetention;
import io.dialect.tts.usage.monitoring.ProcessMetrics;
import io.dialect.tts.usage.monitoring.RedisUpGauge;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The operator, composed in one place from its configuration: the JOSDK settings (the same in
 * production and tests), the collaborators of the TTSJob and TTSQuota reconcilers, and their registration.
 */
public final class TtsOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TtsOperator.class);
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);
  /** Under Prometheus' default scrape timeout (10 s), so that a hung Redis reads 0 instead of failing the scrape. */
  private static final Duration REDIS_PING_TIMEOUT = Duration.ofSeconds(2);
  /**
   * Back to Redis within a second of its return (lettuce's default backs off to 30 s), so that what it lost,
   * the limits above all, is republished within the quota poll period.
   */
  private static final Delay REDIS_RECONNECT = Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
      TimeUnit.MILLISECONDS);

  private final Operator operator;
  private final ClientResources redisResources;
  private final RedisClient redisClient;
  private final StatefulRedisConnection<String, String> redis;
  private final ProcessMetrics processMetrics;
  private final RedisUpGauge redisUp;
  private final Disposable reconnects;
  /** Work beside the reconcilers: progress keys left by an outage, the limits sync. */
  private final ScheduledExecutorService background =
      Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("tts-operator-background").daemon().factory());
  private final QuotaLimitsSync limitsSync;
  private final UsageRetention usageRetention;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final Optional<LeaderLease> lease;
  private volatile boolean stopping;

  public TtsOperator(OperatorConfig config, KubernetesClient client, MeterRegistry registry, Clock clock) {
    this(config, client, registry, clock, null, () -> LOG.error("lost leadership"));
  }

  /**
   * @param identity       this replica's name in the Lease (the pod name); null for a random one
   * @param leadershipLost what to do when another replica took the Lease while this one runs (exit, so
   *                       that the pod restarts as a standby)
   */
  public TtsOperator(OperatorConfig config, KubernetesClient client, MeterRegistry registry, Clock clock,
      String identity, Runnable leadershipLost) {
    this.redisResources = ClientResources.builder().reconnectDelay(REDIS_RECONNECT).build();
    this.redisClient = RedisClient.create(redisResources,
        RedisAddress.of(config.redis().url(), config.redis().password()));
    redisClient.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(REDIS_TIMEOUT))
        .build());
    this.redis = redisClient.connect();
    this.processMetrics = new ProcessMetrics(registry);
    this.redisUp = new RedisUpGauge(registry, "operator", redis, REDIS_PING_TIMEOUT);
    ProgressCounters counters = new ProgressCounters(redis);
    ProgressCleanup progressCleanup = new ProgressCleanup(counters, background, config.progressPollInterval());
    QuotaLimitsStore limits = new QuotaLimitsStore(redis);
    this.limitsSync = new QuotaLimitsSync(client, limits, redis, config.namespaces(), background,
        config.quotaPollInterval());
    // Redis connected again may have come back empty: its limits are published again now, not a period later.
    this.reconnects = redisResources.eventBus().get().ofType(ConnectionActivatedEvent.class)
        .subscribe(event -> limitsSync.syncNow());
    this.usageRetention = new UsageRetention(redis, clock);
    NamespaceBudget budget = new NamespaceBudget(limits, new UsageReader(redis), clock);
    EventRecorder events = new EventRecorder(client, clock);
    this.lease = config.leaderElection().enabled()
        ? Optional.of(new LeaderLease(client, config.leaderElection(), identity)) : Optional.empty();
    this.operator = new Operator(o -> {
      // Status is written with server-side apply (JOSDK's default) of a status-only object: the operator
      // owns the status fields, never the user's spec.
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      lease.ifPresent(l -> o.withLeaderElectionConfiguration(l.configuration(this::lead, () -> {
        if (!stopping) {
          leadershipLost.run();
        }
      })));
    });
    ActiveJobs activeJobs = new ActiveJobs();
    TTSJobReconciler reconciler = new TTSJobReconciler(
        new ProviderConfigSource(client, config),
        new JobValidator(client, config),
        new QuotaAdmission(budget, config.admission().sourceReservationCharacters()),
        new ShardPlanner(config.worker().itemsPerShard(), config.worker().maxShardsPerPod(),
            config.worker().maxParallelism()),
        new WorkerLauncher(client, new WorkerJobBuilder(config)),
        counters,
        progressCleanup,
        new StatusThrottle(config.statusUpdateInterval(), clock),
        events,
        new JobMetrics(registry),
        config.progressPollInterval(),
        budget,
        config.quotaPollInterval(),
        activeJobs,
        clock);
    operator.register(reconciler, c -> {
      c.withFinalizer(Labels.CLEANUP_FINALIZER);
      if (!config.namespaces().isEmpty()) {
        c.settingNamespaces(config.namespaces());
      }
    });
    operator.register(new TTSQuotaReconciler(limits, budget, events, new QuotaGauges(registry), clock,
        config.quotaPollInterval(), activeJobs), c -> {
      if (!config.namespaces().isEmpty()) {
        c.settingNamespaces(config.namespaces());
      }
    });
  }

  public void start() {
    operator.start();
    if (lease.isEmpty()) {
      lead(); // without leader election this replica leads from the start
    }
  }

  public Operator operator() {
    return operator;
  }

  /** The leader's own work: limits kept in Redis, usage windows long past deleted (hourly). */
  private void lead() {
    if (!leading.compareAndSet(false, true)) {
      return;
    }
    limitsSync.start();
    background.scheduleWithFixedDelay(() -> {
      try {
        long deleted = usageRetention.deleteExpired();
        if (deleted > 0) {
          LOG.info("deleted {} usage windows past their grace", deleted);
        }
      } catch (RuntimeException e) {
        LOG.warn("usage windows past their grace not deleted this hour: {}", e.toString());
      }
    }, 1, 60, TimeUnit.MINUTES);
  }

  /** Stops reconciling and the background work, hands the Lease over, closes Redis; the client is the caller's. */
  @Override
  public void close() {
    stopping = true;
    operator.stop();
    reconnects.dispose();
    background.shutdownNow();
    try {
      // A pass in flight ends before Redis closes under it.
      background.awaitTermination(REDIS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lease.ifPresent(LeaderLease::release);
    redisUp.close();
    processMetrics.close();
    redis.close();
    redisClient.shutdown();
    redisResources.shutdown();
  }
}
