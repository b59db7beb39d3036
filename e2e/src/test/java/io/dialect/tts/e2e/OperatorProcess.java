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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operator as it runs in its pod: {@code java -jar operator/target/tts-operator.jar --config FILE},
 * with the chart's ServiceAccount credentials (KUBECONFIG) and its own HOSTNAME (the Lease identity).
 * Tests stop it the ways Kubernetes does: SIGTERM on a rolling update, SIGKILL on a node failure.
 */
final class OperatorProcess implements AutoCloseable {
  private static final Path JAR = Path.of("operator", "target", "tts-operator.jar");

  private final String name;
  private final Process process;
  private final Path log;
  private final int httpPort;

  private OperatorProcess(String name, Process process, Path log, int httpPort) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Starts a replica named {@code name} (its pod name: the Lease holder identity). */
  static OperatorProcess start(String name, Path config, Path kubeconfig, Path logDir, int httpPort) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build it first (mvn -pl operator -am package)");
    }
    Path log = logDir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", JAR.toString(),
        "--config", config.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOSTNAME", name);
    try {
      return new OperatorProcess(name, builder.start(), log, httpPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator", e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
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
