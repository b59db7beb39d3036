package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartRenderingTest {
  private static final String FULLNAME = "tts-tts-operator";

  @Test
  void defaultValuesRenderTheOperatorTheGatewayAndALockedDownInChartRedisAndNoMonitoringObjects() {
    RenderedChart chart = RenderedChart.render();

    assertThat(chart.kinds()).as("objects rendered with default values: %s", chart.names())
        .containsOnly("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
            "ConfigMap", "Deployment", "Service", "StatefulSet", "Secret", "NetworkPolicy", "PodDisruptionBudget")
        .doesNotContain("ServiceMonitor", "PodMonitor", "PrometheusRule", "HorizontalPodAutoscaler");
    assertThat(chart.names()).contains("Deployment/" + FULLNAME + "-gateway", "Service/" + FULLNAME + "-gateway",
        "Secret/" + FULLNAME + "-redis-auth", "NetworkPolicy/" + FULLNAME + "-redis");
    Deployment operator = chart.one(Deployment.class, FULLNAME);
    assertThat(operator.getSpec().getReplicas()).as("replicas: one leads, one stands by").isEqualTo(2);
    Container container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/dialect-tts/tts-operator:0.1.0");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getResources().getRequests()).as("operator requests").containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).as("operator limits").containsKey("memory");
    assertThat(operatorConfig(chart)).extractingByKey("redis")
        .isEqualTo(Map.of("url", "redis://" + FULLNAME + "-redis." + RenderedChart.NAMESPACE + ".svc:6379"));
  }

  /** Exactly the keys the operator parses (strictly: an unknown key stops it). */
  @Test
  void theOperatorConfigHasExactlyTheKeysTheOperatorParses() {
    Map<String, Object> config = operatorConfig(RenderedChart.render());

    assertThat(config.keySet()).containsExactlyInAnyOrder("httpPort", "namespaces", "statusUpdateIntervalSeconds",
        "progressPollSeconds", "quotaPollSeconds", "admission", "leaderElection", "gateway", "redis", "s3",
        "providerConfig", "providers", "worker");
    assertThat(config).containsEntry("quotaPollSeconds", 15)
        .containsEntry("admission", Map.of("sourceReservationCharacters", 10000))
        .containsEntry("s3", Map.of("allowedOutputBuckets", List.of()))
        .containsEntry("providers", List.of(Map.of("name", "espeak")))
        .containsEntry("gateway", Map.of("url", "http://" + FULLNAME + "-gateway." + RenderedChart.NAMESPACE + ".svc",
            "audience", "tts-gateway", "tokenExpirationSeconds", 3600));
    assertThat(operatorConfig(RenderedChart.render(Map.of("operator.quotaPollSeconds", 60, "gateway.audience", "speech",
        "gateway.tokenExpirationSeconds", 600, "s3.allowedOutputBuckets[0]", "tts-out"))))
        .containsEntry("quotaPollSeconds", 60)
        .containsEntry("s3", Map.of("allowedOutputBuckets", List.of("tts-out")))
        .extractingByKey("gateway").isEqualTo(Map.of("url", "http://" + FULLNAME + "-gateway." + RenderedChart.NAMESPACE + ".svc",
            "audience", "speech", "tokenExpirationSeconds", 600));
  }

  /** The worker pods' JVM options reach the operator (its default is the same), which sets them in every worker pod. */
  @Test
  void theWorkerPodsJavaOptionsAreTheOperatorsToSet() {
    assertThat(operatorConfig(RenderedChart.render())).extractingByKey("worker").asInstanceOf(MAP)
        .containsEntry("javaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    assertThat(operatorConfig(RenderedChart.render(Map.of("worker.javaOpts", "-Xshare:auto"))))
        .extractingByKey("worker").asInstanceOf(MAP).containsEntry("javaOptions", "-Xshare:auto");
  }

  @Test
  void theOperatorConfigTellsTheOperatorWhereItsLeaseAndProviderConfigAre() {
    RenderedChart chart = RenderedChart.render();
    Map<String, Object> config = operatorConfig(chart);

    assertThat(config).extractingByKey("leaderElection").isEqualTo(Map.of(
        "enabled", true, "leaseName", "tts-operator-leader", "leaseNamespace", RenderedChart.NAMESPACE));
    assertThat(config).extractingByKey("providerConfig").isEqualTo(Map.of(
        "name", FULLNAME + "-providers", "namespace", RenderedChart.NAMESPACE, "key", "providers.yaml"));
    assertThat(chart.one(ConfigMap.class, FULLNAME + "-providers").getData()).containsKey("providers.yaml");
    Container container = chart.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv()).anySatisfy(env -> {
      assertThat(env.getName()).isEqualTo("TTS_OPERATOR_CONFIG");
      assertThat(env.getValue()).isEqualTo("/etc/tts-operator/operator.yaml");
    });
    assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/tts-operator"));
    assertThat(container.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(config.get("httpPort")));
  }

  /**
   * A single replica takes the Lease too: in a rolling update the new pod starts beside the old one (maxSurge)
   * and must wait for the Lease instead of reconciling alongside it.
   */
  @Test
  void aSingleReplicaStillTakesTheLeaseAndHasNoDisruptionBudget() {
    RenderedChart chart = RenderedChart.render(Map.of("operator.replicas", 1));

    assertThat(operatorConfig(chart)).extractingByKey("leaderElection").extracting("enabled").isEqualTo(true);
    assertThat(chart.find(PodDisruptionBudget.class, FULLNAME)).as("a budget of one would block every drain").isEmpty();
  }

  @Test
  void externalRedisReplacesTheInChartOneAndOtherImageTagsReachOperatorWorkersAndGateway() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");

    assertThat(chart.find(StatefulSet.class, FULLNAME + "-redis")).as("in-chart Redis with an external URL").isEmpty();
    assertThat(chart.find(Service.class, FULLNAME + "-redis")).isEmpty();
    Map<String, Object> config = operatorConfig(chart);
    assertThat(config).extractingByKey("redis").isEqualTo(Map.of("url", "rediss://redis.shared.svc.cluster.local:6380/2"));
    assertThat(config).extractingByKey("namespaces").isEqualTo(List.of("team-a", "team-b"));
    assertThat(config).as("S3 settings are the gateway's; the operator validates buckets only")
        .extractingByKey("s3").isEqualTo(Map.of("allowedOutputBuckets", List.of()));
    assertThat(worker(config)).extractingByKey("image").isEqualTo("registry.example.com/tts/tts-worker:0.2.0-rc.1");
    assertThat(chart.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/dialect-tts/tts-operator:0.2.0-rc.1");
    assertThat(GatewayTest.container(chart).getImage()).isEqualTo("registry.example.com/tts/tts-worker:0.2.0-rc.1");
  }

  @Test
  void inChartRedisWithPersistenceClaimsAVolumeAndAppendsToIt() {
    RenderedChart chart = RenderedChart.render("in-chart-redis-monitoring.yaml");

    StatefulSet redis = chart.one(StatefulSet.class, FULLNAME + "-redis");
    assertThat(redis.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
      assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
      assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
    });
    assertThat(redis.getSpec().getTemplate().getSpec().getVolumes()).as("no emptyDir beside the claim").isNullOrEmpty();
    assertThat(redis.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--appendonly", "yes");
  }

  /** Worker pods serve no metrics any more (the gateway does): there is no PodMonitor, and no value for one. */
  @Test
  void monitoringObjectsAppearWhenToggledOn() {
    RenderedChart chart = RenderedChart.render("in-chart-redis-monitoring.yaml");

    assertThat(chart.all(GenericKubernetesResource.class))
        .as("prometheus-operator objects (no fabric8 model class: parsed as generic resources)")
        .extracting(o -> o.getApiVersion() + " " + o.getKind())
        .containsExactlyInAnyOrder("monitoring.coreos.com/v1 ServiceMonitor", "monitoring.coreos.com/v1 ServiceMonitor",
            "monitoring.coreos.com/v1 PrometheusRule");
    assertThat(chart.all(GenericKubernetesResource.class).filter(o -> o.getKind().equals("ServiceMonitor")))
        .extracting(o -> o.getMetadata().getName()).containsExactlyInAnyOrder(FULLNAME, FULLNAME + "-gateway");
    assertThat(chart.all(GenericKubernetesResource.class))
        .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).as("%s labels for Prometheus' selector", o.getKind())
            .containsEntry("release", "kube-prometheus-stack"));
    ConfigMap dashboard = chart.one(ConfigMap.class, FULLNAME + "-dashboard");
    assertThat(dashboard.getMetadata().getLabels()).as("Grafana's sidecar label").containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData()).containsKey("tts-operator.json");
    assertThatThrownBy(() -> RenderedChart.render(Map.of("metrics.podMonitor.enabled", true)))
        .hasMessageContaining("Additional property podMonitor is not allowed");
  }

  @Test
  void everyObjectCarriesTheRecommendedLabels() {
    for (String values : List.of("external-redis.yaml", "in-chart-redis-monitoring.yaml")) {
      RenderedChart chart = RenderedChart.render(values);
      for (HasMetadata object : chart.objects()) {
        assertThat(object.getMetadata().getLabels())
            .as("labels of %s/%s (values %s)", object.getKind(), object.getMetadata().getName(), values)
            .containsEntry("app.kubernetes.io/name", "tts-operator")
            .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE)
            .containsEntry("app.kubernetes.io/managed-by", "Helm")
            .containsEntry("app.kubernetes.io/part-of", "dialect-tts")
            .containsEntry("app.kubernetes.io/version", "0.1.0")
            .containsKey("helm.sh/chart");
      }
    }
  }

  @Test
  void workloadSelectorsMatchTheirPodTemplates() {
    RenderedChart chart = RenderedChart.render("in-chart-redis-monitoring.yaml");

    Deployment operator = chart.one(Deployment.class, FULLNAME);
    assertThat(operator.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(operator.getSpec().getSelector().getMatchLabels());
    StatefulSet redis = chart.one(StatefulSet.class, FULLNAME + "-redis");
    assertThat(redis.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(redis.getSpec().getSelector().getMatchLabels());
    for (Service service : chart.all(Service.class).toList()) {
      assertThat(chart.all(Deployment.class).map(d -> d.getSpec().getTemplate().getMetadata().getLabels())
          .anyMatch(labels -> labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()))
          || redis.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
          .as("Service %s selects some rendered pods", service.getMetadata().getName()).isTrue();
    }
  }

  static Map<String, Object> operatorConfig(RenderedChart chart) {
    return RenderedChart.yaml(chart.one(ConfigMap.class, FULLNAME + "-config").getData().get("operator.yaml"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> worker(Map<String, Object> operatorConfig) {
    return (Map<String, Object>) operatorConfig.get("worker");
  }
}
