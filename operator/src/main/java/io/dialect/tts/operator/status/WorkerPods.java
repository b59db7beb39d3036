package io.dialect.tts.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a job's worker pods say about starting: while none of them runs, the first one a kubelet cannot
 * start (a missing Secret or key, an image that cannot be pulled, no node to schedule it on) explains
 * why the job does not move, in the kubelet's own words.
 */
public final class WorkerPods {
  /** Waiting reasons a kubelet keeps retrying but that need someone to act. */
  static final Set<String> NOT_STARTING = Set.of("CreateContainerConfigError", "CreateContainerError",
      "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RunContainerError");

  private WorkerPods() {
  }

  /** Why the pods cannot start, e.g. "worker pod p-0-x: CreateContainerConfigError: secret "k" not found". */
  public static Optional<String> notStarting(Collection<Pod> pods) {
    if (pods.stream().anyMatch(p -> "Running".equals(p.getStatus() == null ? null : p.getStatus().getPhase()))) {
      return Optional.empty();
    }
    return pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(WorkerPods::problem).flatMap(Optional::stream).findFirst();
  }

  private static Optional<String> problem(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    String name = "worker pod " + pod.getMetadata().getName() + ": ";
    List<ContainerStatus> containers = pod.getStatus().getContainerStatuses() == null ? List.of()
        : pod.getStatus().getContainerStatuses();
    for (ContainerStatus container : containers) {
      ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
      if (waiting != null && NOT_STARTING.contains(waiting.getReason())) {
        return Optional.of(name + waiting.getReason()
            + (waiting.getMessage() == null || waiting.getMessage().isBlank() ? "" : ": " + waiting.getMessage()));
      }
    }
    List<PodCondition> conditions = pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    return conditions.stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
            && "Unschedulable".equals(c.getReason()))
        .findFirst().map(c -> name + "Unschedulable: " + c.getMessage());
  }
}
