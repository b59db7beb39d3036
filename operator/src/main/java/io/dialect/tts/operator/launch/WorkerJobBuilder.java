package io.dialect.tts.operator.launch;

import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The indexed batch/v1 Job that runs a TTSJob's worker pods, one completion index per shard. The pod
 * follows {@link WorkerPodContract}: it runs non-root on a read-only root filesystem without an API
 * token, and holds no provider key, no Redis address and no S3 credentials - only a projected
 * ServiceAccount token of the gateway's audience, with which the gateway knows which shard it is.
 */
public final class WorkerJobBuilder {
  static final String CONTAINER = "worker";
  static final String TOKEN_VOLUME = "gateway-token";
  static final String SOURCE_VOLUME = "source";
  static final String OUTPUT_VOLUME = "output";
  static final String TMP_VOLUME = "tmp";

  private final OperatorConfig config;

  public WorkerJobBuilder(OperatorConfig config) {
    this.config = config;
  }

  public Job build(TTSJob job, ShardPlan plan, boolean suspend) {
    return new JobBuilder()
        .withMetadata(OwnedMetadata.of(job))
        .withNewSpec()
          .withCompletionMode("Indexed")
          .withCompletions(plan.shards())
          .withParallelism(plan.parallelism())
          .withBackoffLimitPerIndex(config.worker().backoffLimitPerIndex())
          .withPodFailurePolicy(podFailurePolicy())
          // activeDeadlineSeconds follows the TTSJob live: WorkerLauncher.keepInStep
          .withSuspend(suspend)
          .withNewTemplate()
            .withNewMetadata()
              .withLabels(podLabels(job))
              .withAnnotations(config.worker().podAnnotations())
            .endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withServiceAccountName(config.worker().serviceAccountName())
              .withImagePullSecrets(config.worker().imagePullSecrets())
              .withNodeSelector(config.worker().nodeSelector())
              .withTolerations(config.worker().tolerations())
              .withAffinity(config.worker().affinity())
              .withPriorityClassName(config.worker().priorityClassName())
              .withAutomountServiceAccountToken(false)
              .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(config.worker().runAsUser())
                .withRunAsGroup(config.worker().runAsUser())
                .withFsGroup(config.worker().runAsUser())
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
              .endSecurityContext()
              .withContainers(container(job))
              .withVolumes(volumes(job))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * What lets a finished worker Job expire ({@code ttlSecondsAfterFinished} of the batch Job, so the TTL
   * controller deletes it and its pods), or empty when it has it already or none is configured. Applied only
   * once the TTSJob recorded how the Job ended: set at launch, the Job could be gone before the operator
   * read its outcome, and a TTSJob without its worker Job is launched again.
   */
  public Optional<Job> expiry(Job worker) {
    Integer ttl = config.worker().ttlSecondsAfterFinished();
    if (ttl == null || ttl.equals(worker.getSpec().getTtlSecondsAfterFinished())) {
      return Optional.empty();
    }
    return Optional.of(new JobBuilder().withNewMetadata().withName(worker.getMetadata().getName())
        .withNamespace(worker.getMetadata().getNamespace()).endMetadata()
        .withNewSpec().withTtlSecondsAfterFinished(ttl).endSpec().build());
  }

  /** The configured extra labels, under the operator's own (configuration refuses those keys anyway). */
  private Map<String, String> podLabels(TTSJob job) {
    Map<String, String> labels = new LinkedHashMap<>(config.worker().podLabels());
    labels.putAll(OwnedMetadata.labels(job));
    return labels;
  }

  /** An invalid job fails its index at once; node drains and preemptions do not count as failures. */
  private static PodFailurePolicy podFailurePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
          .withAction("FailIndex")
          .withNewOnExitCodes().withContainerName(CONTAINER).withOperator("In")
            .withValues(WorkerPodContract.EXIT_INVALID).endOnExitCodes()
        .endRule()
        .addNewRule()
          .withAction("Ignore")
          .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition()
        .endRule()
        .build();
  }

  private Container container(TTSJob job) {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(config.worker().image())
        .withImagePullPolicy(config.worker().imagePullPolicy())
        .withArgs(WorkerPodContract.WORKER_ARGS)
        .withEnv(
            plain(WorkerPodContract.ENV_GATEWAY_URL, config.gateway().url()),
            plain(WorkerPodContract.ENV_GATEWAY_TOKEN_FILE,
                WorkerPodContract.GATEWAY_TOKEN_DIR + "/" + WorkerPodContract.GATEWAY_TOKEN_FILE),
            // Read by the java launcher on top of the image's JAVA_TOOL_OPTIONS.
            plain("JDK_JAVA_OPTIONS", config.worker().javaOptions()))
        .withNewResources()
          .withRequests(quantities(config.worker().requests()))
          .withLimits(quantities(config.worker().limits()))
        .endResources()
        .withNewSecurityContext()
          .withRunAsNonRoot(true)
          .withAllowPrivilegeEscalation(false)
          .withReadOnlyRootFilesystem(true)
          .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(mounts(job))
        .build();
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    Map<String, Quantity> result = new LinkedHashMap<>();
    values.forEach((k, v) -> result.put(k, new Quantity(v)));
    return result;
  }

  private static List<VolumeMount> mounts(TTSJob job) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(TOKEN_VOLUME, WorkerPodContract.GATEWAY_TOKEN_DIR, true));
    if (hasConfigMapSource(job)) {
      mounts.add(mount(SOURCE_VOLUME, WorkerPodContract.SOURCE_DIR, true));
    }
    if (job.getSpec().getOutput().getPvc() != null) {
      mounts.add(mount(OUTPUT_VOLUME, WorkerPodContract.OUTPUT_DIR, false));
    }
    mounts.add(mount(TMP_VOLUME, WorkerPodContract.TMP_DIR, false));
    return mounts;
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
  }

  private List<Volume> volumes(TTSJob job) {
    List<Volume> volumes = new ArrayList<>();
    // The pod's identity for the gateway: bound to the pod (useless once it is gone), of the gateway's
    // audience only (useless against the API server), short-lived and refreshed by the kubelet.
    volumes.add(new VolumeBuilder().withName(TOKEN_VOLUME).withNewProjected().addNewSource()
        .withNewServiceAccountToken().withAudience(config.gateway().audience())
          .withExpirationSeconds(config.gateway().tokenExpirationSeconds())
          .withPath(WorkerPodContract.GATEWAY_TOKEN_FILE).endServiceAccountToken()
        .endSource().endProjected().build());
    if (hasConfigMapSource(job)) {
      volumes.add(new VolumeBuilder().withName(SOURCE_VOLUME).withNewConfigMap()
          .withName(job.getSpec().getSource().getConfigMapRef().getName()).endConfigMap().build());
    }
    if (job.getSpec().getOutput().getPvc() != null) {
      volumes.add(new VolumeBuilder().withName(OUTPUT_VOLUME).withNewPersistentVolumeClaim()
          .withClaimName(job.getSpec().getOutput().getPvc().getClaimName()).endPersistentVolumeClaim().build());
    }
    volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    return volumes;
  }

  private static boolean hasConfigMapSource(TTSJob job) {
    return job.getSpec().getSource() != null && job.getSpec().getSource().getConfigMapRef() != null;
  }
}
