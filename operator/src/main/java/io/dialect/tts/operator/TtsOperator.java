package io.dialect.tts.operator;

import io.dialect.tts.api.Labels;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.events.EventRecorder;
import io.dialect.tts.operator.launch.JobConfigMapBuilder;
import io.dialect.tts.operator.launch.ShardPlanner;
import io.dialect.tts.operator.launch.WorkerJobBuilder;
import io.dialect.tts.operator.launch.WorkerLauncher;
import io.dialect.tts.operator.metrics.JobPhaseGauge;
import io.dialect.tts.operator.metrics.QuotaGauges;
import io.dialect.tts.operator.progress.ProgressCounters;
import io.dialect.tts.operator.quota.NamespaceBudget;
import io.dialect.tts.operator.quota.QuotaAdmission;
import io.dialect.tts.operator.quota.TTSQuotaReconciler;
import io.dialect.tts.operator.reconciler.TTSJobReconciler;
import io.dialect.tts.operator.status.StatusThrottle;
import io.dialect.tts.operator.validation.JobValidator;
import io.dialect.tts.operator.validation.ProviderConfigSource;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.dialect.tts.usage.UsageReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator, composed in one place from its configuration: the JOSDK settings (the same in
 * production and tests), the collaborators of the TTSJob and TTSQuota reconcilers, and their registration.
 */
public final class TtsOperator implements AutoCloseable {
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

  private final Operator operator;
  private final ProgressCounters counters;
  private final RedisClient usageClient;
  private final StatefulRedisConnection<String, String> usageConnection;

  public TtsOperator(OperatorConfig config, KubernetesClient client, MeterRegistry registry, Clock clock) {
    this.counters = new ProgressCounters(config.redis().url());
    this.usageClient = RedisClient.create(config.redis().url());
    usageClient.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(REDIS_TIMEOUT))
        .build());
    this.usageConnection = usageClient.connect();
    QuotaLimitsStore limits = new QuotaLimitsStore(usageConnection);
    NamespaceBudget budget = new NamespaceBudget(limits, new UsageReader(usageConnection), clock);
    EventRecorder events = new EventRecorder(client, clock);
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client)
          // Status is patched with a JSON patch of the status subresource and owned objects are created
          // plainly: no server-side apply (fabric8's mock server, used in tests, does not support it).
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (config.leaderElection().enabled()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(config.leaderElection().leaseName())
            .withLeaseNamespace(config.leaderElection().leaseNamespace())
            .build());
      }
    });
    TTSJobReconciler reconciler = new TTSJobReconciler(
        new ProviderConfigSource(client, config),
        new JobValidator(client, config),
        new QuotaAdmission(client, budget),
        new ShardPlanner(config.worker().itemsPerShard(), config.worker().maxShardsPerPod(),
            config.worker().maxParallelism()),
        new WorkerLauncher(client, new JobConfigMapBuilder(client.getKubernetesSerialization()), new WorkerJobBuilder(config)),
        counters,
        new StatusThrottle(config.statusUpdateInterval(), clock),
        events,
        new JobPhaseGauge(registry),
        config.progressPollInterval(),
        budget,
        config.quotaPollInterval(),
        clock);
    operator.register(reconciler, c -> {
      c.withFinalizer(Labels.CLEANUP_FINALIZER);
      if (!config.namespaces().isEmpty()) {
        c.settingNamespaces(config.namespaces());
      }
    });
    operator.register(new TTSQuotaReconciler(limits, budget, events, new QuotaGauges(registry), clock,
        config.quotaPollInterval()), c -> {
      if (!config.namespaces().isEmpty()) {
        c.settingNamespaces(config.namespaces());
      }
    });
  }

  public void start() {
    operator.start();
  }

  public Operator operator() {
    return operator;
  }

  @Override
  public void close() {
    operator.stop();
    counters.close();
    usageConnection.close();
    usageClient.shutdown();
  }
}
