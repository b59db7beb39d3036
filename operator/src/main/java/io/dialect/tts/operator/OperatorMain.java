package io.dialect.tts.operator;

import io.dialect.tts.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator against the current kubeconfig (or the in-cluster service account):
 * {@code java -jar tts-operator.jar [--config operator.yaml]}. Stops gracefully on SIGTERM.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config = OperatorConfig.load(configFile(args), System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    // Another replica took the Lease while this one runs: exit, so the pod restarts as a standby. Not from
    // the elector's thread: System.exit waits for the shutdown hook, which stops that elector.
    Runnable leadershipLost = () -> Thread.ofPlatform().name("exit").start(() -> {
      LOG.error("lost the Lease to another replica; exiting");
      System.exit(1);
    });
    TtsOperator operator = new TtsOperator(config, client, registry, Clock.systemUTC(), System.getenv("HOSTNAME"),
        leadershipLost);
    HealthServer health = new HealthServer(config.httpPort(), operator.operator().getRuntimeInfo(), registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: finishing reconciliations in flight");
      operator.close();
      health.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    health.start();
    operator.start();
    LOG.info("tts-operator running against {}; probes and metrics on port {}", client.getMasterUrl(), health.port());
    stopped.await();
  }

  static Optional<Path> configFile(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--config")) {
        return Optional.of(Path.of(args[i + 1]));
      }
    }
    return Optional.ofNullable(System.getenv(OperatorConfig.ENV_CONFIG_FILE)).map(Path::of);
  }
}
