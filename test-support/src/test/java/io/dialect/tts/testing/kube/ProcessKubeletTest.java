package io.dialect.tts.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The process kubelet against a real control plane: what a pod sees (env, volumes, identity), the
 * status it reports, the waiting reasons of a pod that cannot start, and deletion.
 */
class ProcessKubeletTest {
  private static final String NS = "kubelet-test";
  /** An image whose entry point is a shell: the container's args are its script. */
  private static final ImageRuntime SHELL = new ImageRuntime("example.test/shell", List.of("/bin/sh", "-c"),
      Map.of("IMAGE_ENV", "from-image"));

  private static KubeControlPlane plane;
  private static KubernetesClient client;
  private static ProcessKubelet kubelet;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "kubelet-test").toAbsolutePath();
    plane = KubeControlPlane.start(work.resolve("control-plane"));
    client = plane.adminClient();
    kubelet = ProcessKubelet.start(client, work.resolve("kubelet"), List.of(SHELL));
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    client.resource(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace(NS).endMetadata()
        .build()).serverSideApply();
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void aPodSeesItsEnvVolumesAndIdentityAndSucceeds() throws Exception {
    client.resource(new SecretBuilder().withNewMetadata().withName("keys").withNamespace(NS).endMetadata()
        .addToData("api", Base64.getEncoder().encodeToString("s3cr3t".getBytes())).build()).create();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(NS).endMetadata()
        .addToData("mode", "fast").addToData("file.txt", "hello from a configmap").build()).create();
    client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("out").withNamespace(NS).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).serverSideApply();

    Pod pod = client.resource(new PodBuilder().withNewMetadata().withName("reader").withNamespace(NS)
        .addToAnnotations("index", "7").endMetadata()
        .withNewSpec().withRestartPolicy("Never")
          .withNewSecurityContext().withRunAsUser(10001L).withFsGroup(10001L).endSecurityContext()
          .addNewContainer().withName("main").withImage("example.test/shell:1")
            .withArgs("set -e; echo \"$API $MODE $POD $NS_NAME $INDEX $IMAGE_ENV $(id -u)\" > /srv/kubelet-test/out/env.txt; "
                + "cat /srv/kubelet-test/app/file.txt > /srv/kubelet-test/out/copy.txt; touch /srv/kubelet-test/scratch/ok; "
                + "! touch /root-is-read-only 2>/dev/null")
            .addNewEnv().withName("API").withNewValueFrom().withNewSecretKeyRef("api", "keys", false).endValueFrom()
              .endEnv()
            .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "settings", false)
              .endValueFrom().endEnv()
            .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
              .endFieldRef().endValueFrom().endEnv()
            .addNewEnv().withName("NS_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
              .endFieldRef().endValueFrom().endEnv()
            .addNewEnv().withName("INDEX").withNewValueFrom().withNewFieldRef()
              .withFieldPath("metadata.annotations['index']").endFieldRef().endValueFrom().endEnv()
            .addNewVolumeMount().withName("out").withMountPath("/srv/kubelet-test/out").endVolumeMount()
            .addNewVolumeMount().withName("settings").withMountPath("/srv/kubelet-test/app").withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("scratch").withMountPath("/srv/kubelet-test/scratch").endVolumeMount()
            .withNewSecurityContext().withReadOnlyRootFilesystem(true).endSecurityContext()
          .endContainer()
          .addNewVolume().withName("out").withNewPersistentVolumeClaim().withClaimName("out").endPersistentVolumeClaim()
            .endVolume()
          .addNewVolume().withName("settings").withNewConfigMap().withName("settings").endConfigMap().endVolume()
          .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec().build()).create();

    Pod done = awaitPhase(pod, "Succeeded");

    assertThat(container(done).getState().getTerminated().getExitCode()).isZero();
    Path claim = kubelet.claimDir(NS, "out");
    assertThat(Files.readString(claim.resolve("env.txt")).strip())
        .isEqualTo("s3cr3t fast reader kubelet-test 7 from-image 10001");
    assertThat(Files.readString(claim.resolve("copy.txt"))).isEqualTo("hello from a configmap");
    assertThat(Files.getOwner(claim.resolve("env.txt")).getName()).isIn("10001", "tts");
    assertThat(done.getStatus().getPodIP()).startsWith(kubelet.hostIp().substring(0, kubelet.hostIp().lastIndexOf('.')));
  }

  @Test
  void anExitCodeIsReportedAsFailedWithThatCode() {
    Pod pod = client.resource(shellPod("exit-three", "exit 3")).create();

    Pod done = awaitPhase(pod, "Failed");

    assertThat(container(done).getState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(container(done).getState().getTerminated().getReason()).isEqualTo("Error");
  }

  @Test
  void aMissingSecretKeyLeavesThePodPendingUntilTheKeyExists() {
    Pod pod = client.resource(new PodBuilder(shellPod("needs-key", "test \"$TOKEN\" = abc")).editSpec()
        .editFirstContainer().addNewEnv().withName("TOKEN").withNewValueFrom()
          .withNewSecretKeyRef("token", "late-secret", false).endValueFrom().endEnv()
        .endContainer().endSpec().build()).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ContainerStatus status = container(get(pod));
      assertThat(status.getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
      assertThat(status.getState().getWaiting().getMessage()).isEqualTo("secret \"late-secret\" not found");
      assertThat(get(pod).getStatus().getPhase()).isEqualTo("Pending");
    });
    client.resource(new SecretBuilder().withNewMetadata().withName("late-secret").withNamespace(NS).endMetadata()
        .addToStringData("other", "x").build()).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(container(get(pod)).getState().getWaiting()
        .getMessage()).isEqualTo("couldn't find key token in Secret kubelet-test/late-secret"));

    client.secrets().inNamespace(NS).withName("late-secret").edit(s -> new SecretBuilder(s)
        .addToStringData("token", "abc").build());

    assertThat(container(awaitPhase(pod, "Succeeded")).getState().getTerminated().getExitCode()).isZero();
  }

  @Test
  void anUnknownImageIsAnImagePullError() {
    Pod pod = client.resource(new PodBuilder(shellPod("no-image", "true")).editSpec().editFirstContainer()
        .withImage("registry.invalid/nothing:1").endContainer().endSpec().build()).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(container(get(pod)).getState().getWaiting()
        .getReason()).isIn("ErrImagePull", "ImagePullBackOff"));
  }

  @Test
  void deletingARunningPodStopsItsProcessWithSigterm() throws Exception {
    Path marker = kubelet.claimDir(NS, "out");
    client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("out").withNamespace(NS)
        .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
        .serverSideApply();
    Pod pod = client.resource(new PodBuilder(shellPod("sleeper",
        "trap 'echo term > /srv/kubelet-test/out/sleeper.txt; exit 0' TERM; while true; do sleep 0.1; done"))
        .editSpec().editFirstContainer()
          .addNewVolumeMount().withName("out").withMountPath("/srv/kubelet-test/out").endVolumeMount().endContainer()
          .addNewVolume().withName("out").withNewPersistentVolumeClaim().withClaimName("out")
            .endPersistentVolumeClaim().endVolume()
        .endSpec().build()).create();
    awaitPhase(pod, "Running");

    client.resource(pod).delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> get(pod) == null);
    assertThat(Files.readString(marker.resolve("sleeper.txt")).strip()).isEqualTo("term");
  }

  private static Pod shellPod(String name, String script) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().withRestartPolicy("Never")
          .addNewContainer().withName("main").withImage("example.test/shell:1").withArgs(script).endContainer()
        .endSpec().build();
  }

  private static Pod awaitPhase(Pod pod, String phase) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      String now = get(pod).getStatus().getPhase();
      return phase.equals(now) || "Succeeded".equals(now) || "Failed".equals(now);
    });
    Pod current = get(pod);
    assertThat(current.getStatus().getPhase()).as("phase of pod %s", pod.getMetadata().getName()).isEqualTo(phase);
    return current;
  }

  private static Pod get(Pod pod) {
    return client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
  }

  private static ContainerStatus container(Pod pod) {
    assertThat(pod.getStatus().getContainerStatuses()).as("container statuses of %s", pod.getMetadata().getName())
        .hasSize(1);
    return pod.getStatus().getContainerStatuses().get(0);
  }
}
