package io.dialect.tts.testing.kube;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet for tests that runs pods as local processes: it registers a Node, binds Pending pods to
 * it (standing in for the scheduler), and for each pod materialises its volumes and environment
 * ({@link PodSandbox}), gives it a network namespace with its own IP ({@link PodNetwork}), runs its
 * container's image entry point ({@link ImageRuntime}) with the container's args as a process
 * ({@link ContainerLaunch}), and reports Running, then Succeeded or Failed with the real exit code,
 * through {@code pods/status}. A pod deleted gracefully gets SIGTERM, SIGKILL after its grace period,
 * its final status, and the final delete, as from a kubelet. A container that cannot start (a missing
 * Secret or key, an unknown image, a missing claim) leaves the pod Pending with the kubelet's
 * {@code waiting} reason, retried every {@value #RETRY_SECONDS} s.
 *
 * <p>One container per pod; no init containers, probes or resource enforcement. Needs root.
 */
public final class ProcessKubelet implements AutoCloseable {
  public static final String NODE_NAME = "process-kubelet";
  private static final Logger LOG = LoggerFactory.getLogger(ProcessKubelet.class);
  private static final int RETRY_SECONDS = 2;

  private final KubernetesClient client;
  private final Path podsDir;
  private final Path claimsDir;
  private final List<ImageRuntime> images;
  private final PodNetwork network;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "process-kubelet");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> informer;

  private ProcessKubelet(KubernetesClient client, Path workDir, List<ImageRuntime> images, PodNetwork network) {
    this.client = client;
    this.podsDir = workDir.resolve("pods");
    this.claimsDir = workDir.resolve("claims");
    this.images = List.copyOf(images);
    this.network = network;
  }

  /** Registers the node and starts running the cluster's pods; {@code workDir} holds pods, claims and logs. */
  public static ProcessKubelet start(KubernetesClient client, Path workDir, List<ImageRuntime> images) {
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessKubelet kubelet = new ProcessKubelet(client, workDir, images, PodNetwork.create());
    kubelet.registerNode();
    kubelet.informer = client.pods().inAnyNamespace().inform(kubelet.handler(), 0);
    kubelet.loop.scheduleWithFixedDelay(kubelet::tick, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    return kubelet;
  }

  /** The host's address on the pod network: what pods reach services on. */
  public String hostIp() {
    return network.hostIp();
  }

  /** The files of a PersistentVolumeClaim, as every pod that mounts it sees them. */
  public Path claimDir(String namespace, String claim) {
    return PodSandbox.claimDir(claimsDir, namespace, claim);
  }

  /** The output of the pod's container (appended across restarts). */
  public Path log(Pod pod) {
    return podsDir.resolve(pod.getMetadata().getUid()).resolve(pod.getSpec().getContainers().get(0).getName() + ".log");
  }

  /** The pod IP the kubelet gave a running pod. */
  public Optional<String> podIp(String uid) {
    return Optional.ofNullable(runs.get(uid)).map(run -> run.attachment).map(PodNetwork.Attachment::ip);
  }

  private void registerNode() {
    var node = new NodeBuilder().withNewMetadata().withName(NODE_NAME)
        .addToLabels("kubernetes.io/hostname", NODE_NAME).endMetadata().build();
    try {
      client.nodes().resource(node).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    Map<String, Quantity> capacity = Map.of("cpu", new Quantity("64"), "memory", new Quantity("64Gi"),
        "pods", new Quantity("250"));
    client.nodes().withName(NODE_NAME).editStatus(n -> new NodeBuilder(n).withNewStatus()
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
          .withMessage("process kubelet is posting ready status").withLastHeartbeatTime(now())
          .withLastTransitionTime(now()).endCondition()
        .addNewAddress().withType("InternalIP").withAddress(hostIp()).endAddress()
        .addNewAddress().withType("Hostname").withAddress(NODE_NAME).endAddress()
        .withCapacity(capacity).withAllocatable(capacity)
        .withNewNodeInfo().withKubeletVersion("v" + KubeControlPlane.VERSION).withOperatingSystem("linux")
          .withArchitecture("amd64").withContainerRuntimeVersion("process://").withKernelVersion("")
          .withOsImage("").withKubeProxyVersion("").withMachineID("").withSystemUUID("").withBootID("")
        .endNodeInfo()
        .endStatus().build());
  }

  private ResourceEventHandler<Pod> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        loop.execute(() -> sync(pod, false));
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        loop.execute(() -> sync(pod, false));
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        loop.execute(() -> sync(pod, true));
      }
    };
  }

  /** What the kubelet does about one pod now; runs on the kubelet's single thread. */
  private void sync(Pod pod, boolean deleted) {
    try {
      String uid = pod.getMetadata().getUid();
      if (deleted) {
        Optional.ofNullable(runs.remove(uid)).ifPresent(PodRun::kill);
        return;
      }
      if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
        bind(pod);
        return;
      }
      if (!NODE_NAME.equals(pod.getSpec().getNodeName())) {
        return;
      }
      PodRun run = runs.computeIfAbsent(uid, u -> new PodRun(pod));
      run.pod = pod;
      run.sync();
    } catch (RuntimeException e) {
      LOG.warn("process kubelet: pod {}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          e.toString(), e);
    }
  }

  /** Retries pods that could not start, sends SIGKILL when grace runs out, refreshes projected tokens. */
  private void tick() {
    for (PodRun run : runs.values()) {
      try {
        run.sync();
        if (run.sandbox != null) {
          run.sandbox.refreshTokens(Instant.now());
        }
      } catch (RuntimeException e) {
        LOG.warn("process kubelet: pod {}: {}", run.pod.getMetadata().getName(), e.toString());
      }
    }
  }

  private void bind(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getPhase() != null
        && !"Pending".equals(pod.getStatus().getPhase())) {
      return;
    }
    try {
      client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
          .withNewMetadata().withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endMetadata()
          .withNewTarget().withKind("Node").withApiVersion("v1").withName(NODE_NAME).endTarget()
          .build()).create();
    } catch (KubernetesClientException e) {
      // 409: bound already (an earlier event); 404: deleted meanwhile.
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** One pod's life on this node. Touched only by the kubelet's thread. */
  private final class PodRun {
    private Pod pod;
    private PodSandbox sandbox;
    private PodNetwork.Attachment attachment;
    private Process process;
    private Instant startedAt;
    private Instant sigkillAt;
    private int restarts;
    private boolean finished;
    private boolean finalDeleteSent;
    private String waiting = "";

    PodRun(Pod pod) {
      this.pod = pod;
    }

    void sync() {
      boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
      if (finished) {
        if (deleting) {
          confirmDeletion();
        }
        return;
      }
      if (process == null) {
        if (deleting) {
          finish(null);
          confirmDeletion();
        } else {
          tryStart();
        }
        return;
      }
      if (process.isAlive()) {
        if (deleting) {
          terminate();
        }
        return;
      }
      exited(process.exitValue());
    }

    private void tryStart() {
      Container container = pod.getSpec().getContainers().get(0);
      try {
        if (pod.getSpec().getContainers().size() > 1 || pod.getSpec().getInitContainers() != null
            && !pod.getSpec().getInitContainers().isEmpty()) {
          throw new ContainerConfigException("CreateContainerConfigError",
              "the process kubelet runs pods of exactly one container and no init containers");
        }
        ImageRuntime image = images.stream().filter(i -> i.runs(container.getImage())).findFirst()
            .orElseThrow(() -> new ContainerConfigException(restarts == 0 && waiting.isEmpty() ? "ErrImagePull"
                : "ImagePullBackOff", "Back-off pulling image \"" + container.getImage()
                + "\": not an image this process kubelet knows"));
        sandbox = new PodSandbox(client, pod, podsDir, claimsDir);
        Map<String, Path> volumes = sandbox.volumes();
        if (attachment == null) {
          attachment = network.attach(pod.getMetadata().getUid());
        }
        Map<String, String> env = sandbox.env(container, attachment.ip(), hostIp());
        process = ContainerLaunch.of(pod, container, image, volumes, attachment, env, sandbox.log(container.getName()))
            .start();
        startedAt = Instant.now();
        waiting = "";
        process.onExit().thenRun(() -> loop.execute(this::sync));
        writeStatus(running(container));
        LOG.info("process kubelet: started pod {}/{} (pid {}, ip {})", pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(), process.pid(), attachment.ip());
      } catch (ContainerConfigException e) {
        String shown = e.reason() + ": " + e.getMessage();
        if (!shown.equals(waiting)) {
          waiting = shown;
          writeStatus(waiting(container, e.reason(), e.getMessage()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** SIGTERM once; SIGKILL when the grace period (from the deletion) is over. */
    private void terminate() {
      if (sigkillAt == null) {
        long grace = Optional.ofNullable(pod.getMetadata().getDeletionGracePeriodSeconds()).orElse(30L);
        sigkillAt = Instant.now().plusSeconds(grace);
        process.destroy();
      } else if (!Instant.now().isBefore(sigkillAt)) {
        process.destroyForcibly();
      }
    }

    private void exited(int exitCode) {
      String policy = pod.getSpec().getRestartPolicy();
      boolean restart = pod.getMetadata().getDeletionTimestamp() == null
          && ("Always".equals(policy) || "OnFailure".equals(policy) && exitCode != 0);
      if (restart) {
        restarts++;
        process = null;
        LOG.info("process kubelet: restarting pod {} after exit {}", pod.getMetadata().getName(), exitCode);
        tryStart();
        return;
      }
      finish(exitCode);
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        confirmDeletion();
      }
    }

    /** The final status (terminated with the exit code, or never started), then the network goes. */
    private void finish(Integer exitCode) {
      finished = true;
      Container container = pod.getSpec().getContainers().get(0);
      int code = exitCode == null ? 137 : exitCode;
      writeStatus(terminated(container, code));
      network.detach(pod.getMetadata().getUid());
      if (sandbox != null) {
        sandbox.clean();
      }
      LOG.info("process kubelet: pod {}/{} ended with exit code {}", pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(), code);
    }

    private void confirmDeletion() {
      if (!finalDeleteSent) {
        finalDeleteSent = true;
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
            .withGracePeriod(0).delete();
      }
    }

    void kill() {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      network.detach(pod.getMetadata().getUid());
    }

    private PodStatus running(Container container) {
      return base("Running", true, "").withContainerStatuses(status(container)
          .withReady(true).withStarted(true)
          .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(format(startedAt)).endRunning().build())
          .build()).build();
    }

    private PodStatus waiting(Container container, String reason, String message) {
      return base("Pending", false, "ContainersNotReady").withContainerStatuses(status(container)
          .withReady(false).withStarted(false)
          .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
              .endWaiting().build())
          .build()).build();
    }

    private PodStatus terminated(Container container, int exitCode) {
      String phase = exitCode == 0 ? "Succeeded" : "Failed";
      return base(phase, false, "PodCompleted").withContainerStatuses(status(container)
          .withReady(false).withStarted(false)
          .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
              .withReason(exitCode == 0 ? "Completed" : "Error")
              .withStartedAt(startedAt == null ? null : format(startedAt)).withFinishedAt(now())
              .endTerminated().build())
          .build()).build();
    }

    private ContainerStatusBuilder status(Container container) {
      return new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
          .withImageID("process://" + container.getImage()).withRestartCount(restarts)
          .withContainerID(process == null ? null : "process://" + process.pid());
    }

    private PodStatusBuilder base(String phase, boolean ready, String notReadyReason) {
      String ip = attachment == null ? null : attachment.ip();
      List<PodCondition> conditions = new ArrayList<>();
      conditions.add(condition("PodScheduled", true, ""));
      conditions.add(condition("Initialized", true, ""));
      conditions.add(condition("PodReadyToStartContainers", attachment != null, ""));
      conditions.add(condition("ContainersReady", ready, notReadyReason));
      conditions.add(condition("Ready", ready, notReadyReason));
      PodStatusBuilder builder = new PodStatusBuilder().withPhase(phase).withHostIP(hostIp())
          .addNewHostIP(hostIp()).withConditions(conditions)
          .withStartTime(pod.getStatus() != null && pod.getStatus().getStartTime() != null
              ? pod.getStatus().getStartTime() : now());
      if (ip != null) {
        builder.withPodIP(ip).withPodIPs(new PodIPBuilder().withIp(ip).build());
      }
      return builder;
    }

    private PodCondition condition(String type, boolean status, String reason) {
      String previous = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
          : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
              .filter(c -> c.getStatus().equals(status ? "True" : "False"))
              .map(PodCondition::getLastTransitionTime).findFirst().orElse(null);
      return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
          .withReason(reason.isEmpty() ? null : reason)
          .withLastTransitionTime(previous != null ? previous : now()).build();
    }

    /** A strategic-merge patch of the status, so conditions others set (DisruptionTarget) survive. */
    private void writeStatus(PodStatus status) {
      Pod patch = new PodBuilder().withNewMetadata().withName(pod.getMetadata().getName())
          .withNamespace(pod.getMetadata().getNamespace()).endMetadata().withStatus(status).build();
      try {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
            .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
  }

  private static String now() {
    return format(Instant.now());
  }

  private static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Stops watching, kills every pod process, removes the pod network. */
  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runs.values().forEach(PodRun::kill);
    runs.clear();
    network.close();
  }
}
