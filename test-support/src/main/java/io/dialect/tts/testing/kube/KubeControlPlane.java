package io.dialect.tts.testing.kube;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane for tests: etcd + kube-apiserver (io.fabric8:kube-api-test) and
 * kube-controller-manager (the batch Job controller, garbage collector, namespace and ServiceAccount
 * controllers), all v{@value #VERSION}. There is no scheduler and no kubelet: {@link ProcessKubelet}
 * runs pods.
 *
 * <p>Binaries come from kube-api-test's directory ({@code KUBE_API_TEST_DIR}, default
 * {@code ~/.kubeapitest}) under {@code k8s/1.32.13-linux-amd64/}; {@code .ci/run} lays them out there
 * offline. Where they are missing, kube-api-test downloads etcd/kube-apiserver/kubectl and this class
 * downloads kube-controller-manager of the same version from dl.k8s.io (a machine with network access).
 */
public final class KubeControlPlane implements AutoCloseable {
  public static final String VERSION = "1.32.13";
  private static final Logger LOG = LoggerFactory.getLogger(KubeControlPlane.class);
  private static final String CONTROLLER_MANAGER = "kube-controller-manager";
  /** No node IPAM, node lifecycle, cloud routes or LoadBalancer Services: there are no real nodes. */
  private static final String CONTROLLERS = "*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-route,-service";

  private final KubeAPIServer apiServer;
  private final Path workDir;
  private final Path kubeconfig;
  private final String kubeconfigYaml;
  private Process controllerManager;

  private KubeControlPlane(KubeAPIServer apiServer, Path workDir, String kubeconfigYaml) throws IOException {
    this.apiServer = apiServer;
    this.workDir = workDir;
    this.kubeconfigYaml = kubeconfigYaml;
    this.kubeconfig = workDir.resolve("admin.kubeconfig");
    Files.writeString(kubeconfig, kubeconfigYaml);
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
  }

  /** Starts etcd, kube-apiserver and kube-controller-manager; {@code workDir} receives kubeconfig and logs. */
  public static KubeControlPlane start(Path workDir) {
    KubeAPIServer apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withApiServerVersion(VERSION)
        .build());
    apiServer.start();
    try {
      Files.createDirectories(workDir);
      KubeControlPlane plane = new KubeControlPlane(apiServer, workDir, apiServer.getKubeConfigYaml());
      plane.startControllerManager();
      return plane;
    } catch (IOException | RuntimeException e) {
      apiServer.stop();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Admin credentials, as a kubeconfig file (for processes: operator, kubectl). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** A new client with admin credentials; the caller closes it. */
  public KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  /** Server-side applies CRD manifests (e.g. the committed crds/*.yml) and waits until each is Established. */
  public void applyCrds(Path... files) {
    try (KubernetesClient admin = adminClient()) {
      for (Path file : files) {
        CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions()
            .load(file.toFile()).item();
        admin.resource(crd).serverSideApply();
        admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
            .waitUntilCondition(KubeControlPlane::isEstablished, 60, TimeUnit.SECONDS);
      }
    }
  }

  /** Whether the API server serves the CRD's resources yet (its status may still be empty). */
  public static boolean isEstablished(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The API server's URL, e.g. https://127.0.0.1:41234. */
  public String serverUrl() {
    return Config.fromKubeconfig(kubeconfigYaml).getMasterUrl();
  }

  /** Where kube-api-test keeps the v{@value #VERSION} binaries (and this class kube-controller-manager). */
  public static Path binaryDir() {
    String dir = System.getenv().getOrDefault(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR,
        Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME).toString());
    return Path.of(dir, "k8s", VERSION + "-linux-amd64");
  }

  private void startControllerManager() throws IOException {
    Path binary = controllerManagerBinary();
    Path log = workDir.resolve(CONTROLLER_MANAGER + ".log");
    List<String> command = List.of(binary.toString(),
        "--kubeconfig=" + kubeconfig,
        "--leader-elect=false",
        "--controllers=" + CONTROLLERS,
        // No serving endpoint: tests never scrape it, and a fixed port would collide between runs.
        "--secure-port=0",
        // Fast enough for tests: orphaned and terminated pods are collected within seconds.
        "--terminated-pod-gc-threshold=1000");
    controllerManager = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // The controllers need a moment to build informers; a dead process means flags or credentials are wrong.
    try {
      if (controllerManager.waitFor(2, TimeUnit.SECONDS)) {
        throw new IllegalStateException(CONTROLLER_MANAGER + " exited with " + controllerManager.exitValue()
            + "; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("control plane v{} up: {} (logs in {})", VERSION, serverUrl(), workDir);
  }

  /** Beside kube-apiserver in kube-api-test's directory, or downloaded there once. */
  private static Path controllerManagerBinary() throws IOException {
    Path binary = binaryDir().resolve(CONTROLLER_MANAGER);
    if (Files.isExecutable(binary)) {
      return binary;
    }
    URI source = URI.create("https://dl.k8s.io/v" + VERSION + "/bin/linux/amd64/" + CONTROLLER_MANAGER);
    LOG.info("downloading {} to {}", source, binary);
    Files.createDirectories(binary.getParent());
    Path partial = binary.resolveSibling(CONTROLLER_MANAGER + ".part");
    try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(20)).build()) {
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(source).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + source + " answered " + response.statusCode());
      }
      try (InputStream body = response.body()) {
        Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + source, e);
    } catch (IOException e) {
      throw new IOException(CONTROLLER_MANAGER + " v" + VERSION + " is not in " + binary.getParent()
          + " and could not be downloaded (" + e.getMessage() + "); put the binary there "
          + "(with kube-apiserver and etcd of the same version) or give this machine network access", e);
    }
    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE);
    return binary;
  }

  @Override
  public void close() {
    if (controllerManager != null) {
      controllerManager.destroy();
      try {
        if (!controllerManager.waitFor(10, TimeUnit.SECONDS)) {
          controllerManager.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    apiServer.stop();
  }
}
