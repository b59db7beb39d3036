package io.dialect.tts.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerPodsTest {
  @Test
  void aContainerTheKubeletCannotStartIsReportedInItsWords() {
    Pod pod = waiting("p-0", "CreateContainerConfigError", "secret \"tts-provider-keys\" not found");

    assertThat(WorkerPods.notStarting(List.of(pod)))
        .hasValue("worker pod p-0: CreateContainerConfigError: secret \"tts-provider-keys\" not found");
  }

  @Test
  void aPodStillBeingCreatedOrAnyRunningPodIsNoProblem() {
    Pod creating = waiting("p-0", "ContainerCreating", null);
    Pod running = new PodBuilder().withNewMetadata().withName("p-1").endMetadata().withNewStatus().withPhase("Running")
        .endStatus().build();

    assertThat(WorkerPods.notStarting(List.of(creating))).isEmpty();
    assertThat(WorkerPods.notStarting(List.of(waiting("p-2", "ImagePullBackOff", "back-off"), running))).isEmpty();
  }

  @Test
  void anUnschedulablePodIsReported() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p-0").endMetadata().withNewStatus().withPhase("Pending")
        .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition().endStatus().build();

    assertThat(WorkerPods.notStarting(List.of(pod)))
        .hasValue("worker pod p-0: Unschedulable: 0/3 nodes are available: 3 Insufficient memory.");
  }

  private static Pod waiting(String name, String reason, String message) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().withPhase("Pending")
        .addNewContainerStatus().withName("worker").withNewState().withNewWaiting().withReason(reason)
        .withMessage(message).endWaiting().endState().endContainerStatus().endStatus().build();
  }
}
