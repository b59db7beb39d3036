package io.dialect.tts.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A pod of one of the chart's Deployments, run as a process the way its container runs: the operator
 * ({@code java -jar tts-operator.jar --config FILE}) or the gateway ({@code java -jar tts-worker.jar serve}),
 * with the environment the chart gives the container (Secrets resolved as a kubelet would), the chart's
 * ServiceAccount credentials (KUBECONFIG) and its own HOSTNAME (the pod name; the operator's Lease
 * identity). Tests stop it the ways Kubernetes does: SIGTERM on a rolling update, SIGKILL on a node failure.
 */
final class ChartProcess implements AutoCloseable {
  static final Path OPERATOR_JAR = Path.of("operator", "target", "tts-operator.jar");
  static final Path WORKER_JAR = Path.of("worker", "target", "tts-worker.jar");

  private final String name;
  private final Process process;
  private final Path log;
  private final int httpPort;

  private ChartProcess(String name, Process process, Path log, int httpPort) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts a replica named {@code name} (its pod name).
   *
   * @param jar      {@link #OPERATOR_JAR} or {@link #WORKER_JAR}
   * @param args     the container's arguments
   * @param env      the container's environment as the chart sets it
   * @param httpPort where it serves /healthz, /readyz and /metrics (its API too, for the gateway)
   */
  static ChartProcess start(String name, Path jar, List<String> args, Map<String, String> env, Path kubeconfig,
      Path logDir, int httpPort) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first (mvn -DskipTests package)");
    }
    Path log = logDir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-jar", jar.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOSTNAME", name);
    try {
      return new ChartProcess(name, builder.start(), log, httpPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  String name() {
    return name;
  }

  int httpPort() {
    return httpPort;
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** What a rolling update or {@code kubectl delete pod} sends first. */
  void sigterm() {
    process.destroy();
  }

  /** A node failure or an OOM kill: no shutdown hooks run. */
  void sigkill() {
    process.destroyForcibly();
  }

  /** The exit code, if the process ended within {@code timeout}. */
  Optional<Integer> awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The HTTP status of one of its endpoints (/healthz, /readyz, /metrics); empty when it does not answer. */
  Optional<HttpResponse<String>> get(String path) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Whether none of its circuit breakers is open or half-open, as its /metrics says. */
  boolean breakersClosed() {
    return get("/metrics").filter(r -> r.statusCode() == 200).map(r -> r.body().lines()
        .filter(line -> line.startsWith("resilience4j_circuitbreaker_state{") && !line.contains("state=\"closed\""))
        .noneMatch(line -> line.endsWith(" 1.0"))).orElse(false);
  }

  /** The sum of a counter's series on its /metrics (0 when it does not answer or has none). */
  double counter(String name) {
    return get("/metrics").filter(r -> r.statusCode() == 200).map(r -> r.body().lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum()).orElse(0.0);
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (awaitExit(Duration.ofSeconds(15)).isEmpty()) {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
      }
    }
  }
}
