package io.dialect.tts.e2e;

import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.testing.SimulatedVendor;
import io.dialect.tts.testing.kube.ImageRuntime;
import io.dialect.tts.testing.kube.KubeControlPlane;
import io.dialect.tts.testing.kube.ProcessKubelet;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the end-to-end suite runs against, started once per test JVM: a control plane
 * (etcd, kube-apiserver, kube-controller-manager), the process kubelet, Redis, S3Proxy, the simulated
 * vendor, the chart installed, and the operator as a real process (leader election on). Scenarios
 * work in namespaces of their own ({@link #team}), so they do not see each other's jobs.
 */
final class E2eCluster implements AutoCloseable {
  static final String WORKER_IMAGE = "ghcr.io/dialect-tts/tts-worker";
  private static final Logger LOG = LoggerFactory.getLogger(E2eCluster.class);
  private static final Path WORKER_JAR = Path.of("worker", "target", "tts-worker.jar");

  final Path workDir;
  KubeControlPlane plane;
  KubernetesClient admin;
  ProcessKubelet kubelet;
  RedisServer redis;
  S3ProxyServer s3;
  SimulatedVendor vendor;
  ChartInstall chart;
  private Path operatorKubeconfig;
  private final List<OperatorProcess> operators = new ArrayList<>();
  /** What to stop, in start order (stopped in reverse). */
  private final List<AutoCloseable> running = new ArrayList<>();
  private boolean closed;
  private final AtomicInteger replicas = new AtomicInteger();

  private E2eCluster(Path workDir) throws IOException {
    this.workDir = workDir;
    Files.createDirectories(workDir);
    if (!Files.isRegularFile(WORKER_JAR)) {
      throw new IllegalStateException(WORKER_JAR.toAbsolutePath() + " is missing: build it first");
    }
    // Whatever started is stopped again if a later step fails, and when the JVM ends however it ends:
    // these are processes (etcd, kube-apiserver, redis-server, pods) that would outlive it.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "e2e-cluster-stop"));
    try {
      plane = started(KubeControlPlane.start(workDir.resolve("control-plane")));
      admin = started(plane.adminClient());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      kubelet = started(ProcessKubelet.start(admin, workDir.resolve("kubelet"), List.of(new ImageRuntime(WORKER_IMAGE,
          List.of(java, "-jar", "/app/tts-worker.jar"),
          // The worker image's ENV (worker/Dockerfile), with the JVM sized as its 768Mi / 1 CPU limits would.
          Map.of("HOME", "/tmp", "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=/tmp -Xmx384m -XX:ActiveProcessorCount=1"),
          Map.of("/app/tts-worker.jar", WORKER_JAR.toAbsolutePath())))));
      redis = started(RedisServer.start("e2e", kubelet.hostIp()));
      s3 = started(S3ProxyServer.start("0.0.0.0"));
      vendor = started(SimulatedVendor.start("0.0.0.0"));
      applyCrds();
      chart = ChartInstall.install(admin, Map.of(
          "redis.externalUrl", redis.uriOnBindAddress(),
          "providers.list[0].baseUrl", vendor.baseUrl(kubelet.hostIp())));
      operatorKubeconfig = chart.operatorKubeconfig(admin, workDir.resolve("operator.kubeconfig"));
      startOperator();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("e2e cluster up in {}", workDir);
  }

  private <T extends AutoCloseable> T started(T resource) {
    running.add(resource);
    return resource;
  }

  /** The suite's cluster, started on first use and closed when the test run ends. */
  static E2eCluster get(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(E2eCluster.class, key -> {
          try {
            return new E2eCluster(Path.of(System.getProperty("e2e.workDir", "e2e/target/e2e"))
                .resolve(Instant.now().toString().replace(':', '-')).toAbsolutePath());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, E2eCluster.class);
  }

  /** Injects the cluster into a scenario class's static {@code cluster} field, with an operator running. */
  static final class Extension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      E2eCluster cluster = get(context);
      cluster.ensureOperator();
      var field = context.getRequiredTestClass().getDeclaredField("cluster");
      field.setAccessible(true);
      field.set(null, cluster);
    }
  }

  /** A new operator replica (a pod of the chart's Deployment). */
  synchronized OperatorProcess startOperator() {
    String name = "tts-operator-" + replicas.incrementAndGet();
    int port = freePort();
    OperatorProcess operator = OperatorProcess.start(name, chart.operatorConfig(workDir.resolve(name + ".yaml"), port),
        operatorKubeconfig, workDir, port);
    operators.add(operator);
    return operator;
  }

  /** A running replica: scenarios that stopped the operator leave the next one a fresh replica. */
  synchronized OperatorProcess ensureOperator() {
    List<OperatorProcess> running = operators();
    return running.isEmpty() ? startOperator() : running.get(0);
  }

  /** The replicas still running. */
  synchronized List<OperatorProcess> operators() {
    operators.removeIf(o -> !o.alive());
    return List.copyOf(operators);
  }

  /** A team namespace with what the platform gives each team: worker ServiceAccount, key Secret, a claim. */
  Team team(String name) {
    return Team.create(this, name);
  }

  /** The holder of the operator's Lease, if any. */
  Optional<String> leaseHolder() {
    var lease = admin.leases().inNamespace(ChartInstall.NAMESPACE).withName("tts-operator-leader").get();
    return lease == null || lease.getSpec() == null ? Optional.empty()
        : Optional.ofNullable(lease.getSpec().getHolderIdentity()).filter(h -> !h.isEmpty());
  }

  private void applyCrds() {
    for (String file : List.of("ttsjobs.tts.dialect.io-v1.yml", "ttsquotas.tts.dialect.io-v1.yml")) {
      CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions()
          .load(Path.of("crds", file).toFile()).item();
      admin.resource(crd).serverSideApply();
      admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
                  .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 60, TimeUnit.SECONDS);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("e2e cluster stopping; logs stay in {}", workDir);
    operators.forEach(OperatorProcess::close);
    for (AutoCloseable resource : running.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("could not stop {}: {}", resource, e.toString());
      }
    }
  }
}
