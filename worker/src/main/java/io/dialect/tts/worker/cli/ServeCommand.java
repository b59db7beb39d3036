package io.dialect.tts.worker.cli;

import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.gateway.Gateway;
import io.dialect.tts.worker.gateway.GatewayApi;
import io.dialect.tts.worker.gateway.KubernetesQuotaNamespaces;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the synthesis gateway, a Deployment in the operator's namespace. It alone holds the
 * provider keys, Redis and the S3 cache credentials; shard pods and applications call it with a
 * projected ServiceAccount token. Runs until SIGTERM, then finishes the calls in flight.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the synthesis gateway (provider keys, caches, ledger) for shard pods and applications.")
final class ServeCommand implements Callable<Integer> {
  static final String ENV_PORT = "TTS_GATEWAY_PORT";
  static final String ENV_AUDIENCE = "TTS_GATEWAY_AUDIENCE";
  static final String ENV_ALLOWED_OUTPUT_BUCKETS = "TTS_ALLOWED_OUTPUT_BUCKETS";
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  /** Less than a pod's default termination grace period (30 s). */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(25);

  @Option(names = "--port", description = "HTTP port of the API, probes and metrics (env TTS_GATEWAY_PORT; "
      + "default 8080).")
  private Integer port;

  @Option(names = "--batch-concurrency", description = "Items of one batch call synthesized at once (default 8).")
  private int batchConcurrency = 8;

  @Mixin
  private ServiceOptions services;

  @Override
  public Integer call() throws Exception {
    WorkerConfig config = services.configOrMounted().withEnvironmentOverrides(System.getenv());
    Gateway.Settings settings = new Gateway.Settings(
        port != null ? port : Integer.parseInt(System.getenv().getOrDefault(ENV_PORT, "8080")),
        System.getenv().getOrDefault(ENV_AUDIENCE, GatewayApi.DEFAULT_AUDIENCE),
        buckets(System.getenv(ENV_ALLOWED_OUTPUT_BUCKETS)),
        Duration.ofSeconds(10), batchConcurrency, Duration.ofMinutes(15));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stopping = new CountDownLatch(1);
    // SIGTERM lets this thread close the gateway (finishing the calls in flight) before the JVM exits.
    GracefulShutdown shutdown = new GracefulShutdown(DRAIN_GRACE);
    shutdown.onStop(stopping::countDown);
    try (KubernetesClient kubernetes = new KubernetesClientBuilder().build();
         KubernetesQuotaNamespaces quotaNamespaces = new KubernetesQuotaNamespaces(kubernetes);
         WorkerAssembly assembly = WorkerAssembly.create(config, new WorkerAssembly.Environment(services.redisUrl(),
             ServiceOptions.redisPassword(), services.s3Settings(), null, quotaNamespaces), meters, System.out);
         Gateway gateway = Gateway.start(settings, assembly, kubernetes, meters)) {
      LOG.info("gateway serving on port {} (audience {}, cache tiers {})", gateway.port(), settings.audience(),
          assembly.cacheTiers());
      stopping.await();
      LOG.info("stopping: finishing the calls in flight");
    } finally {
      shutdown.close();
    }
    return 0;
  }

  private static Set<String> buckets(String list) {
    return list == null || list.isBlank() ? Set.of()
        : Arrays.stream(list.split(",")).map(String::trim).filter(b -> !b.isEmpty()).collect(Collectors.toSet());
  }
}
