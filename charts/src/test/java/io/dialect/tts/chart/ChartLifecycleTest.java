package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What a platform team relies on across installs, upgrades and node drains: the Kubernetes versions the
 * chart admits, disruption budgets, spreading, probes that let a JVM start, security contexts it can
 * fit to its cluster (OpenShift), and the worker pods' scheduling settings reaching the operator.
 */
class ChartLifecycleTest {
  private static final String OPERATOR = "tts-tts-operator";
  private static final String GATEWAY = "tts-tts-operator-gateway";
  private static final String REDIS = "tts-tts-operator-redis";
  /** The control plane the project's tests run on (KubeControlPlane.VERSION, docs/testing.md). */
  private static final String TESTED_KUBERNETES = "1.32.13";
  private static final Pattern AT_LEAST = Pattern.compile(">=(\\d+)\\.(\\d+)\\.(\\d+)-0");

  /** Helm refuses to install on a cluster the constraint excludes; the tested version must be admitted. */
  @Test
  void kubeVersionAdmitsTheTestedKubernetesAndRefusesThoseWithoutPerIndexBackoffLimits() throws IOException {
    Map<String, Object> chart = new Yaml().load(Files.readString(RenderedChart.CHART.resolve("Chart.yaml")));
    Matcher constraint = AT_LEAST.matcher(String.valueOf(chart.get("kubeVersion")));

    assertThat(constraint.matches()).as("kubeVersion %s is a '>=X.Y.Z-0' lower bound", chart.get("kubeVersion")).isTrue();
    List<Integer> minimum = Stream.of(constraint.group(1), constraint.group(2), constraint.group(3)).map(Integer::valueOf).toList();
    assertThat(atLeast(TESTED_KUBERNETES, minimum)).as("admits %s", TESTED_KUBERNETES).isTrue();
    assertThat(atLeast("1.28.15", minimum)).as("refuses 1.28: backoffLimitPerIndex off by default").isFalse();
  }

  /** Helm never upgrades crds/: the documented step must name the chart's CRDs and apply them server-side. */
  @Test
  void theUpgradeStepAppliesTheChartsCrdsServerSideBeforeHelmUpgrade() throws IOException {
    String operations = Files.readString(Path.of("../docs/operations.md"));
    String step = "kubectl apply --server-side --force-conflicts -f charts/tts-operator/crds/";

    assertThat(operations).contains("## Upgrading", step);
    assertThat(operations.indexOf(step)).as("CRDs before the release")
        .isLessThan(operations.indexOf("helm upgrade tts charts/tts-operator"));
    try (Stream<Path> crds = Files.list(RenderedChart.CHART.resolve("crds"))) {
      assertThat(crds.map(crd -> crd.getFileName().toString()))
          .containsExactlyInAnyOrder("ttsjobs.tts.dialect.io-v1.yml", "ttsquotas.tts.dialect.io-v1.yml");
    }
  }

  @Test
  void twoOperatorReplicasHaveABudgetThatKeepsAStandbyThroughDrains() {
    RenderedChart chart = RenderedChart.render();
    PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class, OPERATOR);
    Deployment operator = chart.one(Deployment.class, OPERATOR);

    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(operator.getSpec().getSelector().getMatchLabels());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {OPERATOR, GATEWAY})
  void replicasSpreadOverZonesAndNodesWithoutBlockingScheduling(String deployment) {
    Deployment rendered = RenderedChart.render().one(Deployment.class, deployment);
    List<TopologySpreadConstraint> spread = rendered.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();

    assertThat(spread).extracting(TopologySpreadConstraint::getTopologyKey)
        .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    assertThat(spread).allSatisfy(constraint -> {
      assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
      assertThat(constraint.getMaxSkew()).isEqualTo(1);
      assertThat(constraint.getLabelSelector().getMatchLabels()).as("this component's pods")
          .isEqualTo(rendered.getSpec().getSelector().getMatchLabels());
    });
  }

  @Test
  void spreadConstraintsAreReplacedOrSwitchedOffByValues() {
    RenderedChart chart = RenderedChart.render("spread-overrides.yaml");

    assertThat(pod(chart, OPERATOR).getTopologySpreadConstraints()).isEmpty();
    assertThat(pod(chart, GATEWAY).getTopologySpreadConstraints()).singleElement().satisfies(constraint -> {
      assertThat(constraint.getTopologyKey()).isEqualTo("topology.kubernetes.io/region");
      assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
      assertThat(constraint.getLabelSelector().getMatchLabels()).as("a given selector is kept")
          .isEqualTo(Map.of("tier", "speech"));
    });
  }

  /** The liveness probe must not restart a JVM that is still starting (a slow node, a cold image cache). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {OPERATOR, GATEWAY})
  void aStartupProbeGivesTheJvmTwoMinutesBeforeLivenessCounts(String deployment) {
    Container container = pod(RenderedChart.render(), deployment).getContainers().get(0);
    Probe startup = container.getStartupProbe();

    assertThat(startup.getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(120);
    assertThat(container.getLivenessProbe().getInitialDelaySeconds()).as("the startup probe gates it").isNull();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  /**
   * OpenShift's restricted SCC gives each pod a user from its namespace's range and refuses fixed users:
   * the chart's fixed ones can be removed, and the containers stay restricted.
   */
  @Test
  void withTheFixedUsersRemovedNoPodAsksForAUserAndContainersStayRestricted() {
    RenderedChart chart = RenderedChart.render("openshift.yaml");

    for (PodSpec pod : List.of(pod(chart, OPERATOR), pod(chart, GATEWAY),
        chart.one(StatefulSet.class, REDIS).getSpec().getTemplate().getSpec())) {
      PodSecurityContext context = pod.getSecurityContext();
      assertThat(context.getRunAsUser()).isNull();
      assertThat(context.getRunAsGroup()).isNull();
      assertThat(context.getFsGroup()).isNull();
      assertThat(context.getRunAsNonRoot()).isTrue();
      assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      SecurityContext container = pod.getContainers().get(0).getSecurityContext();
      assertThat(container.getRunAsUser()).isNull();
      assertThat(container.getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    }
  }

  @Test
  void securityContextValuesMergeIntoTheDefaults() {
    RenderedChart chart = RenderedChart.render(Map.of("operator.podSecurityContext.fsGroup", 2000,
        "gateway.securityContext.readOnlyRootFilesystem", false));

    assertThat(pod(chart, OPERATOR).getSecurityContext().getFsGroup()).isEqualTo(2000L);
    assertThat(pod(chart, OPERATOR).getSecurityContext().getRunAsNonRoot()).as("default kept").isTrue();
    SecurityContext gateway = pod(chart, GATEWAY).getContainers().get(0).getSecurityContext();
    assertThat(gateway.getReadOnlyRootFilesystem()).isFalse();
    assertThat(gateway.getCapabilities().getDrop()).as("default kept").containsExactly("ALL");
  }

  @Test
  void workerPodSettingsReachTheOperatorConfig() {
    Map<String, Object> worker = ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(
        RenderedChart.render("worker-pod-settings.yaml")));

    assertThat(worker).containsEntry("imagePullSecrets", List.of(Map.of("name", "registry-pull")))
        .containsEntry("nodeSelector", Map.of("pool", "batch"))
        .containsEntry("tolerations", List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "tts",
            "effect", "NoSchedule")))
        .containsEntry("priorityClassName", "batch-low")
        .containsEntry("podLabels", Map.of("cost-center", "speech"))
        .containsEntry("podAnnotations", Map.of("cluster-autoscaler.kubernetes.io/safe-to-evict", "true"))
        .containsEntry("ttlSecondsAfterFinished", 3600)
        .containsKey("affinity");
    assertThat(ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(
        RenderedChart.render(Map.of("worker.ttlSecondsAfterFinished", 0)))))
        .as("0 (delete at once) is a TTL, not an absent one").containsEntry("ttlSecondsAfterFinished", 0);
  }

  @Test
  void byDefaultWorkerPodsHaveNoSchedulingSettingsAndTheirJobsNoTtl() {
    Map<String, Object> worker = ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(RenderedChart.render()));

    assertThat(worker).containsEntry("imagePullSecrets", List.of()).containsEntry("nodeSelector", Map.of())
        .containsEntry("tolerations", List.of()).containsEntry("podLabels", Map.of())
        .containsEntry("podAnnotations", Map.of())
        .doesNotContainKeys("affinity", "priorityClassName", "ttlSecondsAfterFinished");
  }

  /** The schema refuses them before the operator would (it refuses them too, at start). */
  @ParameterizedTest
  @ValueSource(strings = {"app.kubernetes.io/managed-by", "tts.dialect.io/job-uid", "batch.kubernetes.io/job-name"})
  void aWorkerPodLabelThatSelectsPodsIsRefused(String key) {
    // --set reads a dot as nesting unless escaped.
    assertThatThrownBy(() -> RenderedChart.render(Map.of("worker.podLabels." + key.replace(".", "\\."), "x")))
        .hasMessageContaining("podLabels");
  }

  private static PodSpec pod(RenderedChart chart, String deployment) {
    return chart.one(Deployment.class, deployment).getSpec().getTemplate().getSpec();
  }

  private static boolean atLeast(String version, List<Integer> minimum) {
    List<Integer> parts = Stream.of(version.split("\\.")).map(Integer::valueOf).toList();
    for (int i = 0; i < 3; i++) {
      if (!parts.get(i).equals(minimum.get(i))) {
        return parts.get(i) > minimum.get(i);
      }
    }
    return true;
  }
}
