package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every container the chart renders meets the "restricted" Pod Security Standard and writes only to volumes. */
class SecurityContextTest {

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"external-redis.yaml", "in-chart-redis-monitoring.yaml"})
  void everyContainerRunsRestricted(String values) {
    RenderedChart chart = RenderedChart.render(values);
    List<Map.Entry<String, PodSpec>> pods = Stream.concat(
        chart.all(Deployment.class).map(d -> Map.entry(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec())),
        chart.all(StatefulSet.class).map(s -> Map.entry(s.getMetadata().getName(), s.getSpec().getTemplate().getSpec())))
        .toList();

    assertThat(pods).as("workloads rendered").extracting(Map.Entry::getKey)
        .contains("tts-tts-operator", "tts-tts-operator-gateway");
    for (Map.Entry<String, PodSpec> pod : pods) {
      PodSpec spec = pod.getValue();
      assertThat(spec.getSecurityContext().getRunAsNonRoot()).as("%s pod runAsNonRoot", pod.getKey()).isTrue();
      assertThat(spec.getSecurityContext().getSeccompProfile().getType()).as("%s pod seccomp", pod.getKey())
          .isEqualTo("RuntimeDefault");
      assertThat(Stream.concat(spec.getContainers().stream(), spec.getInitContainers().stream()))
          .allSatisfy(container -> assertRestricted(pod.getKey(), container));
    }
  }

  /** The gateway holds every key: it runs as the worker image's non-root user and writes only to /tmp. */
  @Test
  void theGatewayRunsAsTheWorkerImagesUserWithOnlyTmpWritable() {
    RenderedChart chart = RenderedChart.render();
    PodSpec pod = chart.one(Deployment.class, "tts-tts-operator-gateway").getSpec().getTemplate().getSpec();
    Container gateway = pod.getContainers().get(0);

    assertRestricted("gateway", gateway);
    assertThat(pod.getSecurityContext().getRunAsUser()).as("the worker image's user")
        .isEqualTo(Long.valueOf(ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(chart)).get("runAsUser").toString()));
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(gateway.getVolumeMounts()).filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
        .singleElement().satisfies(mount -> {
          assertThat(mount.getMountPath()).isEqualTo("/tmp");
          assertThat(pod.getVolumes()).filteredOn(volume -> volume.getName().equals(mount.getName()))
              .singleElement().satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
        });
  }

  private static void assertRestricted(String workload, Container container) {
    SecurityContext context = container.getSecurityContext();
    String what = workload + "/" + container.getName();
    assertThat(context).as("%s securityContext", what).isNotNull();
    assertThat(context.getRunAsNonRoot()).as("%s runAsNonRoot", what).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", what).isFalse();
    assertThat(context.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", what).isTrue();
    assertThat(context.getPrivileged()).as("%s privileged", what).isNotEqualTo(Boolean.TRUE);
    assertThat(context.getCapabilities().getDrop()).as("%s dropped capabilities", what).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).as("%s added capabilities", what).isNullOrEmpty();
    assertThat(context.getSeccompProfile().getType()).as("%s seccomp", what).isEqualTo("RuntimeDefault");
  }
}
