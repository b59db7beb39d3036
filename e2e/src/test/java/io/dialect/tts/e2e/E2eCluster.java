package io.dialect.tts.e2e;

import static org.awaitility.Awaitility.await;

import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.testing.SimulatedVendor;
import io.dialect.tts.testing.kube.ImageRuntime;
import io.dialect.tts.testing.kube.KubeControlPlane;
import io.dialect.tts.testing.kube.ProcessKubelet;
import io.dialect.tts.testing.kube.ServiceProxy;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the end-to-end suite runs against, started once per test JVM: a control plane
 * (etcd, kube-apiserver, kube-controller-manager), the process kubelet, Redis (with a password, on
 * loopback: only the platform's processes reach it), S3Proxy, the simulated vendor, the chart installed,
 * the gateway's replicas behind their Service's address, and the operator as a real process (leader
 * election on). The platform's Secrets (provider keys, Redis password, S3 keys) exist only in the
 * release namespace. Scenarios work in namespaces of their own ({@link #team}), so they do not see each
 * other's jobs.
 */
final class E2eCluster implements AutoCloseable {
  static final String WORKER_IMAGE = "ghcr.io/dialect-tts/tts-worker";
  static final String CLIENT_IMAGE = "registry.example.com/team/tts-client-app";
  private static final Path CLIENT_JAR = Path.of("client", "target", "tts-client.jar");
  /** The vendor key the gateway holds (the platform's; no team ever sees it). */
  static final String PLATFORM_KEY = "sk-platform-primary";
  static final String OUTPUT_BUCKET = "tts-out";
  static final String CACHE_BUCKET = "tts-cache";
  private static final Logger LOG = LoggerFactory.getLogger(E2eCluster.class);

  final Path workDir;
  KubeControlPlane plane;
  KubernetesClient admin;
  ProcessKubelet kubelet;
  RedisServer redis;
  S3ProxyServer s3;
  SimulatedVendor vendor;
  ChartInstall chart;
  /** The gateway Service's address as pods reach it. */
  ServiceProxy gatewayService;
  private Path operatorKubeconfig;
  private Path gatewayKubeconfig;
  private final List<ChartProcess> operators = new ArrayList<>();
  private final List<ChartProcess> gateways = new ArrayList<>();
  /** What to stop, in start order (stopped in reverse). */
  private final List<AutoCloseable> running = new ArrayList<>();
  private boolean closed;
  private final AtomicInteger replicas = new AtomicInteger();

  private E2eCluster(Path workDir) throws IOException {
    this.workDir = workDir;
    Files.createDirectories(workDir);
    for (Path jar : List.of(ChartProcess.WORKER_JAR, CLIENT_JAR)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first");
      }
    }
    // Whatever started is stopped again if a later step fails, and when the JVM ends however it ends:
    // these are processes (etcd, kube-apiserver, redis-server, pods) that would outlive it.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "e2e-cluster-stop"));
    try {
      plane = started(KubeControlPlane.start(workDir.resolve("control-plane")));
      admin = started(plane.adminClient());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // The worker image's ENV (worker/Dockerfile), with the JVM sized as its 768Mi / 1 CPU limits would.
      Map<String, String> jvm = Map.of("HOME", "/tmp", "LANG", "C.UTF-8",
          "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=/tmp -Xmx384m -XX:ActiveProcessorCount=1");
      kubelet = started(ProcessKubelet.start(admin, workDir.resolve("kubelet"), List.of(
          new ImageRuntime(WORKER_IMAGE, List.of(java, "-jar", "/app/tts-worker.jar"), jvm,
              Map.of("/app/tts-worker.jar", ChartProcess.WORKER_JAR.toAbsolutePath())),
          // A team's application with the client library; its entry point is the client's command line.
          new ImageRuntime(CLIENT_IMAGE, List.of(java, "-jar", "/app/tts-client.jar"), jvm,
              Map.of("/app/tts-client.jar", CLIENT_JAR.toAbsolutePath())))));
      redis = started(RedisServer.start("e2e", "redis-" + UUID.randomUUID()));
      // Pods fetch and store objects through pre-signed URLs: S3 must be reachable from the pod network.
      s3 = started(S3ProxyServer.start("0.0.0.0"));
      s3.createBucket(OUTPUT_BUCKET);
      s3.createBucket(CACHE_BUCKET);
      vendor = started(SimulatedVendor.start());
      plane.applyCrds(Path.of("crds", "ttsjobs.tts.dialect.io-v1.yml"),
          Path.of("crds", "ttsquotas.tts.dialect.io-v1.yml"));
      chart = ChartInstall.install(admin, Map.of(
          "redis.externalUrl", redis.uri(),
          "s3.endpoint", s3.endpoint(kubelet.hostIp()).toString(),
          "providers.list[0].baseUrl", vendor.baseUrl()));
      platformSecrets();
      operatorKubeconfig = chart.kubeconfig(admin, "operator", workDir.resolve("operator.kubeconfig"));
      gatewayKubeconfig = chart.kubeconfig(admin, "gateway", workDir.resolve("gateway.kubeconfig"));
      gatewayService = started(ServiceProxy.start(kubelet.hostIp(), this::gatewayEndpoints));
      startGateway();
      startGateway();
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

  /**
   * What the platform team creates in the release namespace before installing the chart (values
   * providers.keysSecretName, redis.auth.existingSecret, s3.credentialsSecret in e2e-values.yaml).
   */
  private void platformSecrets() {
    admin.resource(new SecretBuilder().withNewMetadata().withName("tts-provider-keys")
        .withNamespace(ChartInstall.NAMESPACE).endMetadata()
        .addToStringData("xiangyinge-primary", PLATFORM_KEY)
        .addToStringData("xiangyinge-backup", "sk-platform-backup").build()).serverSideApply();
    admin.resource(new SecretBuilder().withNewMetadata().withName("tts-redis").withNamespace(ChartInstall.NAMESPACE)
        .endMetadata().addToStringData("redis-password", redis.password()).build()).serverSideApply();
    admin.resource(new SecretBuilder().withNewMetadata().withName("tts-s3").withNamespace(ChartInstall.NAMESPACE)
        .endMetadata().addToStringData("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY)
        .addToStringData("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY).build()).serverSideApply();
  }

  /** A new operator replica (a pod of the chart's Deployment). */
  synchronized ChartProcess startOperator() {
    return startOperator(Map.of());
  }

  /** A new operator replica with some of its container's environment changed (a patched Deployment). */
  synchronized ChartProcess startOperator(Map<String, String> envChanges) {
    String name = "tts-operator-" + replicas.incrementAndGet();
    int port = freePort();
    Map<String, String> env = new HashMap<>(chart.containerEnv(admin, "operator", name));
    // The ConfigMap volume, here a file.
    env.put("TTS_OPERATOR_CONFIG",
        chart.operatorConfig(workDir.resolve(name + ".yaml"), port, gatewayService.url()).toString());
    env.putAll(envChanges);
    ChartProcess operator = ChartProcess.start(name, ChartProcess.OPERATOR_JAR, chart.containerArgs("operator"),
        env, operatorKubeconfig, workDir, port);
    operators.add(operator);
    return operator;
  }

  /** A running replica: scenarios that stopped the operator leave the next one a fresh replica. */
  synchronized ChartProcess ensureOperator() {
    List<ChartProcess> running = operators();
    return running.isEmpty() ? startOperator() : running.get(0);
  }

  /** The replicas still running. */
  synchronized List<ChartProcess> operators() {
    operators.removeIf(o -> !o.alive());
    return List.copyOf(operators);
  }

  /** A new gateway replica (a pod of the chart's gateway Deployment). */
  synchronized ChartProcess startGateway() {
    String name = "tts-gateway-" + replicas.incrementAndGet();
    int port = freePort();
    Map<String, String> env = new HashMap<>(chart.containerEnv(admin, "gateway", name));
    // Replicas share this host's network: each its own port.
    env.put("TTS_GATEWAY_PORT", String.valueOf(port));
    List<String> args = new ArrayList<>(chart.containerArgs("gateway"));
    // The providers ConfigMap volume, here a file.
    args.addAll(List.of("--config", chart.providersConfig(workDir.resolve(name + "-providers.yaml")).toString()));
    ChartProcess gateway = ChartProcess.start(name, ChartProcess.WORKER_JAR, args, env, gatewayKubeconfig, workDir,
        port);
    gateways.add(gateway);
    await().atMost(Duration.ofSeconds(60)).until(() -> !gateway.alive() || gateway.get("/readyz")
        .map(r -> r.statusCode() == 200).orElse(false));
    if (!gateway.alive()) {
      throw new IllegalStateException(name + " exited:\n" + gateway.logText());
    }
    return gateway;
  }

  /** The gateway replicas still running. */
  synchronized List<ChartProcess> gateways() {
    gateways.removeIf(g -> !g.alive());
    return List.copyOf(gateways);
  }

  /** The gateway Service's endpoints: the running replicas (kube-proxy's view of the EndpointSlice). */
  private List<InetSocketAddress> gatewayEndpoints() {
    return gateways().stream().map(g -> new InetSocketAddress("127.0.0.1", g.httpPort())).toList();
  }

  /** A team namespace with a claim for outputs (worker pods run as its default ServiceAccount). */
  Team team(String name) {
    return Team.create(this, name);
  }

  /** kube-api-test's kubectl (of the control plane's version) as the cluster's admin, in {@code namespace}. */
  ProcessBuilder kubectl(String namespace, String... args) {
    List<String> command = new ArrayList<>(List.of(KubeControlPlane.binaryDir().resolve("kubectl").toString(),
        "--kubeconfig", plane.kubeconfig().toString(), "-n", namespace));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** The holder of the operator's Lease, if any. */
  Optional<String> leaseHolder() {
    var lease = admin.leases().inNamespace(ChartInstall.NAMESPACE).withName("tts-operator-leader").get();
    return lease == null || lease.getSpec() == null ? Optional.empty()
        : Optional.ofNullable(lease.getSpec().getHolderIdentity()).filter(h -> !h.isEmpty());
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
    operators.forEach(ChartProcess::close);
    gateways.forEach(ChartProcess::close);
    for (AutoCloseable resource : running.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("could not stop {}: {}", resource, e.toString());
      }
    }
  }
}
