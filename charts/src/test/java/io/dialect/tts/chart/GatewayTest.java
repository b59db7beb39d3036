package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The synthesis gateway: the one Deployment that holds the provider keys and S3 credentials (as Secret
 * references in the release namespace), served to worker pods through its Service.
 */
class GatewayTest {
  private static final String FULLNAME = "tts-tts-operator";
  private static final String GATEWAY = FULLNAME + "-gateway";

  @Test
  void theGatewayRunsTheWorkerImagesServeCommandWithTheWholeSynthesisEnvironment() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");
    Container gateway = container(chart);

    assertThat(gateway.getName()).isEqualTo("gateway");
    assertThat(gateway.getImage()).as("the worker image: the same jar serves")
        .isEqualTo(ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(chart)).get("image"));
    assertThat(gateway.getCommand()).as("no command: the image's entry point runs the jar").isNullOrEmpty();
    assertThat(gateway.getArgs()).containsExactly("serve");
    assertThat(plainEnv(gateway)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "TTS_GATEWAY_PORT", "8080",
        "TTS_GATEWAY_AUDIENCE", "tts-gateway",
        "TTS_REDIS_URL", "rediss://redis.shared.svc.cluster.local:6380/2",
        "TTS_CACHE_SCOPE", "namespace",
        "TTS_S3_ENDPOINT", "https://minio.storage.svc:9000",
        "TTS_S3_REGION", "eu-central-1",
        "TTS_S3_PATH_STYLE", "true",
        "TTS_S3_CACHE_BUCKET", "tts-cache",
        "TTS_ALLOWED_OUTPUT_BUCKETS", "",
        "JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=75"));
    assertThat(secretEnv(gateway)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "TTS_REDIS_PASSWORD", "shared-redis/password",
        "AWS_ACCESS_KEY_ID", "tts-s3/AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "tts-s3/AWS_SECRET_ACCESS_KEY",
        "TTS_KEY_XIANGYINGE_PRIMARY", "dialect-keys/xiangyinge-primary",
        "TTS_KEY_XIANGYINGE_BACKUP", "dialect-keys/xiangyinge-backup",
        "TTS_KEY_AZURE_PRIMARY", "dialect-keys/azure-speech"));
  }

  /** Keys reach the gateway only as secretKeyRefs: a Deployment's Secret references are in its own namespace. */
  @Test
  void everyProviderKeyIsASecretReferenceNeverAValue() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");
    Deployment deployment = chart.one(Deployment.class, GATEWAY);
    List<EnvVar> keys = container(chart).getEnv().stream().filter(env -> env.getName().startsWith("TTS_KEY_")).toList();

    assertThat(deployment.getMetadata().getNamespace()).as("the Secrets' namespace").isEqualTo(RenderedChart.NAMESPACE);
    assertThat(keys).hasSize(3).allSatisfy(env -> {
      assertThat(env.getValue()).as("%s literal value", env.getName()).isNull();
      SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
      assertThat(ref.getName()).as("%s Secret", env.getName()).isEqualTo("dialect-keys");
      assertThat(ref.getOptional()).as("%s optional: a missing key must stop the rollout", env.getName()).isNotEqualTo(Boolean.TRUE);
    });
    assertThat(RenderedChart.yaml(chart.one(ConfigMap.class, FULLNAME + "-providers")
        .getData().get("providers.yaml")).get("providers").toString())
        .as("providers.yaml names exactly the variables the gateway gets")
        .contains(keys.stream().map(env -> "{env=" + env.getName() + "}").toList());
  }

  @Test
  void defaultsGiveTheGatewayNoS3CredentialsButThePodsIdentityAndAnyOutputBucket() {
    Container gateway = container(RenderedChart.render());

    assertThat(gateway.getEnv()).extracting(EnvVar::getName)
        .doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TTS_S3_ENDPOINT", "TTS_S3_CACHE_BUCKET");
    assertThat(plainEnv(gateway)).containsEntry("TTS_ALLOWED_OUTPUT_BUCKETS", "").containsEntry("TTS_S3_PATH_STYLE", "false");
    assertThat(plainEnv(container(RenderedChart.render(Map.of(
        "s3.allowedOutputBuckets[0]", "tts-out", "s3.allowedOutputBuckets[1]", "tts-archive")))))
        .containsEntry("TTS_ALLOWED_OUTPUT_BUCKETS", "tts-out,tts-archive");
  }

  @Test
  void theGatewayServesProbesAndMetricsOnItsNamedPortAndReadsTheProviderConfigReadOnly() {
    RenderedChart chart = RenderedChart.render(Map.of("gateway.port", 8181));
    Container gateway = container(chart);
    PodSpec pod = chart.one(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec();

    assertThat(gateway.getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getContainerPort()).isEqualTo(8181);
    });
    assertThat(plainEnv(gateway)).containsEntry("TTS_GATEWAY_PORT", "8181");
    assertThat(gateway.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(gateway.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(gateway.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(gateway.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getMountPath()).isEqualTo("/etc/tts/config");
      assertThat(mount.getReadOnly()).isTrue();
      assertThat(pod.getVolumes()).anySatisfy(volume -> {
        assertThat(volume.getName()).isEqualTo(mount.getName());
        assertThat(volume.getConfigMap().getName()).isEqualTo(FULLNAME + "-providers");
      });
    });
    assertThat(gateway.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getMountPath()).isEqualTo("/tmp");
      assertThat(pod.getVolumes()).anySatisfy(volume -> {
        assertThat(volume.getName()).isEqualTo(mount.getName());
        assertThat(volume.getEmptyDir()).isNotNull();
      });
    });
    assertThat(gateway.getResources().getRequests()).as("requests: an HPA scales on CPU utilization")
        .containsKeys("cpu", "memory");
    assertThat(gateway.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(gateway.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
  }

  @Test
  void aChangedProviderConfigRollsTheGatewayPods() {
    String before = checksum(RenderedChart.render());
    String after = checksum(RenderedChart.render(Map.of("providers.list[0].name", "espeak",
        "providers.list[0].type", "espeak", "providers.list[0].maxConcurrency", 2)));

    assertThat(before).isNotBlank().isNotEqualTo(after);
  }

  @Test
  void theGatewayRunsAsItsOwnServiceAccountWithAnApiToken() {
    RenderedChart chart = RenderedChart.render();
    PodSpec pod = chart.one(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec();

    assertThat(pod.getServiceAccountName()).isEqualTo(GATEWAY);
    assertThat(chart.one(ServiceAccount.class, GATEWAY).getAutomountServiceAccountToken())
        .as("the gateway calls TokenReview: the default (mounted) token stays").isNotEqualTo(Boolean.FALSE);
    assertThat(pod.getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
  }

  /** The operator tells worker pods to call exactly this Service. */
  @Test
  void theServiceTheOperatorConfigNamesServesTheGatewaysHttpPortOnPort80() {
    RenderedChart chart = RenderedChart.render();
    Service service = chart.one(Service.class, GATEWAY);
    Deployment gateway = chart.one(Deployment.class, GATEWAY);

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies((ServicePort port) -> {
      assertThat(port.getPort()).isEqualTo(80);
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(gateway.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector())
        .containsAllEntriesOf(gateway.getSpec().getSelector().getMatchLabels());
    assertThat(ChartRenderingTest.operatorConfig(chart)).extractingByKey("gateway").isEqualTo(Map.of(
        "url", "http://" + GATEWAY + "." + RenderedChart.NAMESPACE + ".svc",
        "audience", "tts-gateway",
        "tokenExpirationSeconds", 3600));
  }

  @Test
  void twoReplicasByDefaultWithADisruptionBudgetOfOneAndNoAutoscaler() {
    RenderedChart chart = RenderedChart.render();

    assertThat(chart.one(Deployment.class, GATEWAY).getSpec().getReplicas()).isEqualTo(2);
    PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class, GATEWAY);
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(chart.one(Deployment.class, GATEWAY).getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
  }

  /** A budget of one with one replica would block every node drain. */
  @Test
  void aSingleReplicaHasNoDisruptionBudget() {
    RenderedChart chart = RenderedChart.render(Map.of("gateway.replicas", 1));

    assertThat(chart.one(Deployment.class, GATEWAY).getSpec().getReplicas()).isEqualTo(1);
    assertThat(chart.find(PodDisruptionBudget.class, GATEWAY)).isEmpty();
  }

  @Test
  void withAutoscalingTheHpaOwnsTheReplicaCountAndScalesOnCpu() {
    RenderedChart chart = RenderedChart.render(Map.of("gateway.autoscaling.enabled", true, "gateway.replicas", 1,
        "gateway.autoscaling.maxReplicas", 10));

    assertThat(chart.one(Deployment.class, GATEWAY).getSpec().getReplicas())
        .as("no replicas: an upgrade must not reset what the HPA chose").isNull();
    HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class, GATEWAY);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(GATEWAY);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
      assertThat(metric.getResource().getName()).isEqualTo("cpu");
      assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
      assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
    });
    assertThat(chart.find(PodDisruptionBudget.class, GATEWAY)).as("budget under the HPA (min 2)").isPresent();
  }

  @Test
  void anAutoscalerWhoseMaximumIsBelowItsMinimumIsRefused() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("gateway.autoscaling.enabled", true,
        "gateway.autoscaling.minReplicas", 4, "gateway.autoscaling.maxReplicas", 3)))
        .hasMessageContaining("gateway.autoscaling: maxReplicas must not be below minReplicas");
  }

  @Test
  void tokensShorterThanKubernetesAllowsAreRefusedByTheSchema() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("gateway.tokenExpirationSeconds", 300)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("gateway.tokenExpirationSeconds");
  }

  /**
   * Prometheus scrapes the gateway through its Service, as job tts-gateway: TTSOperatorDown matches
   * up{job=~".*tts-operator.*"}, and gateways answering must not hide an operator that does not.
   */
  @Test
  void theGatewayServiceMonitorScrapesTheGatewayAsAJobTheOperatorDownAlertDoesNotCount() {
    RenderedChart chart = RenderedChart.render("in-chart-redis-monitoring.yaml");
    GenericKubernetesResource monitor = chart.all(GenericKubernetesResource.class)
        .filter(o -> o.getKind().equals("ServiceMonitor") && o.getMetadata().getName().equals(GATEWAY))
        .findFirst().orElseThrow();
    Service service = chart.one(Service.class, GATEWAY);
    Map<String, Object> spec = map(monitor.getAdditionalProperties().get("spec"));

    Map<String, Object> matchLabels = map(map(spec.get("selector")).get("matchLabels"));
    assertThat(service.getMetadata().getLabels()).as("the gateway Service's labels")
        .containsAllEntriesOf(matchLabels.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue())));
    String job = service.getMetadata().getLabels().get((String) spec.get("jobLabel"));
    assertThat(job).isEqualTo("tts-gateway").doesNotMatch(Pattern.compile(".*tts-operator.*"));
    assertThat((List<?>) spec.get("endpoints")).singleElement().satisfies(endpoint -> {
      Map<String, Object> e = map(endpoint);
      assertThat(e).containsEntry("port", service.getSpec().getPorts().get(0).getName())
          .containsEntry("path", "/metrics")
          .as("the series' own namespace label (the calling team) wins").containsEntry("honorLabels", true);
    });
  }

  static Container container(RenderedChart chart) {
    return chart.one(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** Env variables with a literal value, by name. */
  static Map<String, String> plainEnv(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.getEnv().stream().filter(e -> e.getValueFrom() == null).forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  /** Env variables filled from a Secret, by name: "secret/key". */
  static Map<String, String> secretEnv(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .forEach(e -> env.put(e.getName(), e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()));
    return env;
  }

  private static String checksum(RenderedChart chart) {
    return chart.one(Deployment.class, GATEWAY).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/providers");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
