package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.WorkerPodContract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images (no Docker engine here: their Dockerfiles are read as text) agree with the pods the
 * chart and the operator run them in: entry command, jar, writable tmp dir, ports, image names. The
 * gateway runs the worker image as well (command serve).
 */
class ImageContractTest {
  private static final Path WORKER_DOCKERFILE = Path.of("../worker/Dockerfile");
  private static final Path OPERATOR_DOCKERFILE = Path.of("../operator/Dockerfile");

  /**
   * The operator's worker container sets args only ({@code withArgs("shard")} in its WorkerJobBuilder)
   * and no command, so the pod runs {@code java -jar /app/tts-worker.jar shard}.
   */
  @Test
  void theWorkerImageRunsTheJarSoTheOperatorsArgsSelectTheShardCommand() throws IOException {
    String dockerfile = Files.readString(WORKER_DOCKERFILE);

    assertThat(instruction(dockerfile, "ENTRYPOINT")).as("the entry point the operator's args are appended to")
        .hasValue("[\"java\", \"-jar\", \"/app/tts-worker.jar\"]");
    assertThat(instruction(dockerfile, "CMD")).as("no CMD: the pod's args are the whole argument list").isEmpty();
    assertThat(dockerfile).as("the jar the worker module's shade plugin builds is the one copied")
        .contains("COPY worker/target/" + shadedJarName(Path.of("../worker/pom.xml")) + " /app/tts-worker.jar");
  }

  /** Worker pods serve nothing; the image's one port is the gateway's (serve: API, probes, metrics). */
  @Test
  void theWorkerImageWritesOnlyToTheContractsTmpDirAndExposesTheGatewaysPort() throws IOException {
    String dockerfile = Files.readString(WORKER_DOCKERFILE);

    assertThat(dockerfile).contains("-Djava.io.tmpdir=" + WorkerPodContract.TMP_DIR)
        .contains("ENV HOME=" + WorkerPodContract.TMP_DIR);
    assertThat(instruction(dockerfile, "EXPOSE")).as("worker/Dockerfile EXPOSE: the gateway's port (WorkerPodContract.GATEWAY_PORT)")
        .hasValue(String.valueOf(WorkerPodContract.GATEWAY_PORT));
    assertThat(GatewayTest.container(RenderedChart.render()).getPorts().get(0).getContainerPort())
        .as("the chart's default gateway.port is the serve command's default").isEqualTo(WorkerPodContract.GATEWAY_PORT);
    Object runAsUser = ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(RenderedChart.render())).get("runAsUser");
    assertThat(instruction(dockerfile, "USER")).as("numeric non-root user (runAsNonRoot is verifiable), the one the operator runs pods as")
        .hasValue(runAsUser + ":" + runAsUser);
    assertThat(dockerfile).contains("espeak-ng").contains("ffmpeg").contains("FROM eclipse-temurin:21-jre");
    assertThat(dockerfile).as("no VOLUME: the pod mounts /tmp").doesNotContain("\nVOLUME");
  }

  @Test
  void theOperatorImageServesTheProbesPortAndRunsItsJarAsNonRoot() throws IOException {
    String dockerfile = Files.readString(OPERATOR_DOCKERFILE);
    Container operator = RenderedChart.render().one(Deployment.class, "tts-tts-operator")
        .getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(instruction(dockerfile, "ENTRYPOINT")).hasValue("[\"java\", \"-jar\", \"/app/tts-operator.jar\"]");
    assertThat(dockerfile).contains("COPY operator/target/tts-operator.jar /app/tts-operator.jar")
        .contains("FROM eclipse-temurin:21-jre").doesNotContain("apt-get");
    assertThat(instruction(dockerfile, "EXPOSE")).hasValue(String.valueOf(operator.getPorts().get(0).getContainerPort()));
    assertThat(instruction(dockerfile, "USER")).hasValueSatisfying(user -> assertThat(user).matches("[1-9][0-9]{3,}:[1-9][0-9]{3,}"));
    assertThat(operator.getVolumeMounts()).as("the operator's writable tmp dir")
        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
  }

  /**
   * The gateway is the worker image too: args only ({@code serve}) after the jar entry point, the
   * image's user, /tmp writable and providers.yaml where the worker code reads it.
   */
  @Test
  void theGatewayRunsTheWorkerImageWithArgsOnlyAndItsContractsPaths() throws IOException {
    String dockerfile = Files.readString(WORKER_DOCKERFILE);
    RenderedChart chart = RenderedChart.render();
    Deployment deployment = chart.one(Deployment.class, "tts-tts-operator-gateway");
    Container gateway = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(instruction(dockerfile, "ENTRYPOINT")).hasValue("[\"java\", \"-jar\", \"" + WorkerPodContract.WORKER_JAR + "\"]");
    assertThat(gateway.getImage()).isEqualTo(ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(chart)).get("image"));
    assertThat(gateway.getCommand()).isNullOrEmpty();
    assertThat(gateway.getArgs()).containsExactly("serve");
    Long runAsUser = deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
    assertThat(instruction(dockerfile, "USER")).hasValue(runAsUser + ":" + runAsUser);
    assertThat(gateway.getVolumeMounts()).extracting(mount -> mount.getMountPath())
        .containsExactlyInAnyOrder(WorkerPodContract.CONFIG_DIR, WorkerPodContract.TMP_DIR);
  }

  @Test
  void theImagesTheDockerfilesBuildAreTheChartsDefaults() throws IOException {
    RenderedChart chart = RenderedChart.render();
    String workerImage = (String) ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(chart)).get("image");
    String operatorImage = chart.one(Deployment.class, "tts-tts-operator").getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage();

    assertThat(workerImage).isEqualTo("ghcr.io/dialect-tts/tts-worker:0.1.0");
    assertThat(Files.readString(WORKER_DOCKERFILE)).contains("-t " + workerImage + " .");
    assertThat(Files.readString(OPERATOR_DOCKERFILE)).contains("-t " + operatorImage + " .");
  }

  /** The argument of the last instruction of that name, as written. */
  private static Optional<String> instruction(String dockerfile, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\s+(.+)$").matcher(dockerfile);
    String last = null;
    while (m.find()) {
      last = m.group(1).strip();
    }
    return Optional.ofNullable(last);
  }

  private static String shadedJarName(Path pom) throws IOException {
    Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(pom));
    assertThat(m.find()).as("a finalName in %s", pom).isTrue();
    return m.group(1) + ".jar";
  }
}
