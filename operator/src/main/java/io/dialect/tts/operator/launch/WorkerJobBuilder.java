package io.dialect.tts.operator.launch;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.config.OperatorConfig.SecretEnv;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
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

/**
 * The indexed batch/v1 Job that runs a TTSJob's worker pods, one completion index per shard. The pod
 * follows {@link WorkerPodContract}; it runs non-root on a read-only root filesystem without a
 * service account token, and sees API keys only as Secret references.
 */
public final class WorkerJobBuilder {
  static final String CONTAINER = "worker";
  static final String JOB_VOLUME = "job";
  static final String CONFIG_VOLUME = "provider-config";
  static final String SOURCE_VOLUME = "source";
  static final String OUTPUT_VOLUME = "output";
  static final String TMP_VOLUME = "tmp";

  private final OperatorConfig config;

  public WorkerJobBuilder(OperatorConfig config) {
    this.config = config;
  }

  public Job build(TTSJob job, ShardPlan plan, boolean withProviderConfig, boolean suspend) {
    TTSJobSpec spec = job.getSpec();
    return new JobBuilder()
        .withMetadata(OwnedMetadata.of(job))
        .withNewSpec()
          .withCompletionMode("Indexed")
          .withCompletions(plan.shards())
          .withParallelism(plan.parallelism())
          .withBackoffLimitPerIndex(config.worker().backoffLimitPerIndex())
          .withPodFailurePolicy(podFailurePolicy())
          .withActiveDeadlineSeconds(spec.getActiveDeadlineSeconds())
          .withSuspend(suspend)
          .withNewTemplate()
            .withNewMetadata().withLabels(OwnedMetadata.labels(job)).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withServiceAccountName(config.worker().serviceAccountName())
              .withAutomountServiceAccountToken(false)
              .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(config.worker().runAsUser())
                .withRunAsGroup(config.worker().runAsUser())
                .withFsGroup(config.worker().runAsUser())
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
              .endSecurityContext()
              .withContainers(container(job, plan, withProviderConfig))
              .withVolumes(volumes(job, withProviderConfig))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
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

  private Container container(TTSJob job, ShardPlan plan, boolean withProviderConfig) {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(config.worker().image())
        .withImagePullPolicy(config.worker().imagePullPolicy())
        .withArgs("shard")
        .withEnv(env(job, plan))
        .addNewPort().withName(WorkerPodContract.METRICS_PORT_NAME)
          .withContainerPort(WorkerPodContract.METRICS_PORT).endPort()
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
        .withVolumeMounts(mounts(job, withProviderConfig))
        .build();
  }

  private List<EnvVar> env(TTSJob job, ShardPlan plan) {
    List<EnvVar> env = new ArrayList<>();
    env.add(plain(WorkerPodContract.ENV_NAMESPACE, job.getMetadata().getNamespace()));
    env.add(plain(WorkerPodContract.ENV_JOB_NAME, job.getMetadata().getName()));
    env.add(plain(WorkerPodContract.ENV_JOB_UID, job.getMetadata().getUid()));
    env.add(plain(WorkerPodContract.ENV_SHARD_COUNT, String.valueOf(plan.shards())));
    env.add(plain(WorkerPodContract.ENV_REDIS_URL, config.redis().url()));
    env.add(plain(WorkerPodContract.ENV_CACHE_SCOPE, "cluster".equals(config.cacheScope())
        ? RedisKeys.CLUSTER_SCOPE : job.getMetadata().getNamespace()));
    env.add(plain(WorkerPodContract.ENV_METRICS_PORT, String.valueOf(WorkerPodContract.METRICS_PORT)));
    OperatorConfig.S3Settings s3 = config.s3();
    addIfSet(env, WorkerPodContract.ENV_S3_ENDPOINT, s3.endpoint());
    addIfSet(env, WorkerPodContract.ENV_S3_REGION, s3.region());
    addIfSet(env, WorkerPodContract.ENV_S3_PATH_STYLE, s3.pathStyle() == null ? null : s3.pathStyle().toString());
    addIfSet(env, WorkerPodContract.ENV_S3_CACHE_BUCKET, s3.cacheBucket());
    if (s3.credentialsSecret() != null) {
      env.add(fromSecret(new SecretEnv(WorkerPodContract.ENV_AWS_ACCESS_KEY_ID, s3.credentialsSecret().name(),
          s3.credentialsSecret().accessKeyIdKey())));
      env.add(fromSecret(new SecretEnv(WorkerPodContract.ENV_AWS_SECRET_ACCESS_KEY, s3.credentialsSecret().name(),
          s3.credentialsSecret().secretAccessKeyKey())));
    }
    ProviderSelection.of(job.getSpec(), config).stream()
        .flatMap(p -> p.env().stream())
        .map(WorkerJobBuilder::fromSecret)
        .forEach(env::add);
    return env;
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static void addIfSet(List<EnvVar> env, String name, String value) {
    if (value != null && !value.isEmpty()) {
      env.add(plain(name, value));
    }
  }

  private static EnvVar fromSecret(SecretEnv ref) {
    return new EnvVarBuilder().withName(ref.name())
        .withNewValueFrom().withNewSecretKeyRef(ref.secretKey(), ref.secretName(), false).endValueFrom()
        .build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    Map<String, Quantity> result = new LinkedHashMap<>();
    values.forEach((k, v) -> result.put(k, new Quantity(v)));
    return result;
  }

  private static List<VolumeMount> mounts(TTSJob job, boolean withProviderConfig) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(JOB_VOLUME, WorkerPodContract.JOB_DIR, true));
    if (withProviderConfig) {
      mounts.add(mount(CONFIG_VOLUME, WorkerPodContract.CONFIG_DIR, true));
    }
    if (job.getSpec().getSource() != null && job.getSpec().getSource().getConfigMapRef() != null) {
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

  private static List<Volume> volumes(TTSJob job, boolean withProviderConfig) {
    String configMap = WorkerJobName.of(job);
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(JOB_VOLUME).withNewConfigMap().withName(configMap)
        .withItems(new KeyToPathBuilder().withKey(WorkerPodContract.JOB_FILE).withPath(WorkerPodContract.JOB_FILE).build())
        .endConfigMap().build());
    if (withProviderConfig) {
      volumes.add(new VolumeBuilder().withName(CONFIG_VOLUME).withNewConfigMap().withName(configMap)
          .withItems(new KeyToPathBuilder().withKey(WorkerPodContract.CONFIG_FILE)
              .withPath(WorkerPodContract.CONFIG_FILE).build())
          .endConfigMap().build());
    }
    if (job.getSpec().getSource() != null && job.getSpec().getSource().getConfigMapRef() != null) {
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
}
