package io.dialect.tts.operator.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.api.v1alpha1.ConfigMapSource;
import io.dialect.tts.api.v1alpha1.PvcOutput;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import io.dialect.tts.api.v1alpha1.TTSSource;
import io.dialect.tts.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerJobBuilderTest {
  private final OperatorConfig config = OperatorConfig.parse("""
      worker: {image: "img:1", runAsUser: 4242, requests: {cpu: 100m}, limits: {memory: 1Gi}}
      gateway: {url: "http://gw.tts-system.svc", audience: "tts-gw", tokenExpirationSeconds: 1200}
      redis: {url: "redis://redis:6379"}
      providers: [{name: azure}, {name: espeak}]
      """);

  private static TTSJob sourceJobToPvc() {
    TTSJob job = new TTSJob();
    job.getMetadata().setName("big");
    job.getMetadata().setNamespace("team-b");
    job.getMetadata().setUid("uid-1");
    TTSJobSpec spec = new TTSJobSpec();
    spec.setDialect("cantonese");
    TTSSource source = new TTSSource();
    ConfigMapSource ref = new ConfigMapSource();
    ref.setName("prompts");
    ref.setKey("lines.jsonl");
    source.setConfigMapRef(ref);
    spec.setSource(source);
    TTSOutput output = new TTSOutput();
    PvcOutput pvc = new PvcOutput();
    pvc.setClaimName("audio");
    output.setPvc(pvc);
    spec.setOutput(output);
    spec.setActiveDeadlineSeconds(3600L);
    spec.setProviders(List.of("azure"));
    job.setSpec(spec);
    return job;
  }

  @Test
  void aSourceJobToAPvcMountsTheSourceConfigMapAndTheClaim() {
    Job job = new WorkerJobBuilder(config).build(sourceJobToPvc(), new ShardPlan(4, 2, -1), false);

    List<Volume> volumes = job.getSpec().getTemplate().getSpec().getVolumes();
    assertThat(volumes).filteredOn(v -> v.getName().equals(WorkerJobBuilder.SOURCE_VOLUME)).singleElement()
        .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("prompts"));
    assertThat(volumes).filteredOn(v -> v.getName().equals(WorkerJobBuilder.OUTPUT_VOLUME)).singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("audio"));
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactlyInAnyOrder(
        WorkerPodContract.GATEWAY_TOKEN_DIR, WorkerPodContract.SOURCE_DIR, WorkerPodContract.OUTPUT_DIR,
        WorkerPodContract.TMP_DIR);
    assertThat(c.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals(WorkerPodContract.OUTPUT_DIR))
        .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isFalse());
    assertThat(job.getSpec().getActiveDeadlineSeconds())
        .as("not applied at launch: the deadline is kept in step by its own field manager").isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(4242L);
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("100m");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
  }

  @Test
  void thePodHoldsAGatewayTokenAndNothingOfThePlatforms() {
    Job job = new WorkerJobBuilder(config).build(sourceJobToPvc(), new ShardPlan(1, 1, -1), false);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).as("no API server token").isFalse();
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(WorkerJobBuilder.TOKEN_VOLUME)).singleElement()
        .satisfies(v -> {
          ServiceAccountTokenProjection token = v.getProjected().getSources().get(0).getServiceAccountToken();
          assertThat(token.getAudience()).isEqualTo("tts-gw");
          assertThat(token.getExpirationSeconds()).isEqualTo(1200L);
          assertThat(token.getPath()).isEqualTo(WorkerPodContract.GATEWAY_TOKEN_FILE);
        });
    List<EnvVar> env = pod.getContainers().get(0).getEnv();
    assertThat(env).extracting(EnvVar::getName).containsExactlyInAnyOrder(
        WorkerPodContract.ENV_GATEWAY_URL, WorkerPodContract.ENV_GATEWAY_TOKEN_FILE, "JDK_JAVA_OPTIONS");
    assertThat(env).filteredOn(e -> e.getName().equals("JDK_JAVA_OPTIONS")).singleElement()
        .as("a short-lived pod's JVM: no optimizing JIT tier, no concurrent GC threads")
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    assertThat(env).allSatisfy(e -> assertThat(e.getValueFrom()).as("no Secret reference").isNull());
    assertThat(env).filteredOn(e -> e.getName().equals(WorkerPodContract.ENV_GATEWAY_URL)).singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("http://gw.tts-system.svc"));
    assertThat(pod.getContainers().get(0).getPorts()).as("nothing to scrape or call in a shard pod").isEmpty();
  }

  @Test
  void aSuspendedJobIsCreatedSuspendedAndDisruptionsAreIgnored() {
    Job job = new WorkerJobBuilder(config).build(sourceJobToPvc(), new ShardPlan(1, 1, -1), true);
    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(job.getSpec().getPodFailurePolicy().getRules()).anySatisfy(r -> {
      assertThat(r.getAction()).isEqualTo("Ignore");
      assertThat(r.getOnPodConditions()).singleElement()
          .satisfies(p -> assertThat(p.getType()).isEqualTo("DisruptionTarget"));
    });
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).as("required by podFailurePolicy")
        .isEqualTo("Never");
  }

  /** Nothing to create per team namespace: without a configured name the pod runs as the namespace's default. */
  @Test
  void workerPodsRunAsTheNamespacesDefaultServiceAccountUnlessOneIsConfigured() {
    assertThat(new WorkerJobBuilder(config).build(sourceJobToPvc(), new ShardPlan(1, 1, -1), false)
        .getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("default");

    OperatorConfig named = OperatorConfig.parse("worker: {serviceAccountName: tts-runner}");
    assertThat(new WorkerJobBuilder(named).build(sourceJobToPvc(), new ShardPlan(1, 1, -1), false)
        .getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("tts-runner");
  }

  @Test
  void theClustersPodSettingsReachEveryWorkerPodUnderTheOperatorsOwnLabels() {
    OperatorConfig scheduled = OperatorConfig.parse("""
        worker:
          imagePullSecrets: [{name: registry-pull}]
          nodeSelector: {pool: batch}
          tolerations: [{key: dedicated, operator: Equal, value: tts, effect: NoSchedule}]
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms: [{matchExpressions: [{key: arch, operator: In, values: [amd64]}]}]
          priorityClassName: batch-low
          podLabels: {cost-center: speech}
          podAnnotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: "true"}
        """);
    Job job = new WorkerJobBuilder(scheduled).build(sourceJobToPvc(), new ShardPlan(1, 1, -1), false);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("registry-pull");
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "batch"));
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("dedicated");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("amd64");
    assertThat(pod.getPriorityClassName()).isEqualTo("batch-low");
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsExactly(Map.entry("cluster-autoscaler.kubernetes.io/safe-to-evict", "true"));
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).as("extra label beside the operator's")
        .containsEntry("cost-center", "speech")
        .containsAllEntriesOf(job.getMetadata().getLabels());
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).as("never at launch: see expiry").isNull();
  }

  @Test
  void withoutPodSettingsTheWorkerPodHasNone() {
    PodSpec pod = new WorkerJobBuilder(config).build(sourceJobToPvc(), new ShardPlan(1, 1, -1), false)
        .getSpec().getTemplate().getSpec();

    assertThat(pod.getImagePullSecrets()).isEmpty();
    assertThat(pod.getNodeSelector()).isNullOrEmpty();
    assertThat(pod.getTolerations()).isEmpty();
    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getPriorityClassName()).isNull();
  }

  /** A label of the operator's or the Job controller's would move a pod out of its job's selection. */
  @ParameterizedTest
  @ValueSource(strings = {"app.kubernetes.io/managed-by", "app.kubernetes.io/component", "tts.dialect.io/job-uid",
      "tts.dialect.io/anything", "batch.kubernetes.io/job-name", "controller-uid", "job-name"})
  void aPodLabelTheOperatorOrTheJobControllerSetsIsAConfigurationError(String key) {
    assertThatThrownBy(() -> OperatorConfig.parse("worker: {podLabels: {\"" + key + "\": x}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker.podLabels").hasMessageContaining(key);
  }

  @Test
  void aFinishedWorkerJobGetsTheConfiguredTtlOnceAndNoneWithoutOne() {
    OperatorConfig expiring = OperatorConfig.parse("worker: {ttlSecondsAfterFinished: 600}");
    Job launched = new WorkerJobBuilder(expiring).build(sourceJobToPvc(), new ShardPlan(1, 1, -1), false);

    assertThat(new WorkerJobBuilder(expiring).expiry(launched)).hasValueSatisfying(change -> {
      assertThat(change.getMetadata().getName()).isEqualTo(launched.getMetadata().getName());
      assertThat(change.getMetadata().getNamespace()).isEqualTo("team-b");
      assertThat(change.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
      assertThat(change.getSpec().getTemplate()).as("nothing but the TTL: the pod template is immutable").isNull();
    });
    launched.getSpec().setTtlSecondsAfterFinished(600);
    assertThat(new WorkerJobBuilder(expiring).expiry(launched)).as("already set").isEmpty();
    assertThat(new WorkerJobBuilder(config).expiry(launched)).as("no TTL configured").isEmpty();
    assertThatThrownBy(() -> OperatorConfig.parse("worker: {ttlSecondsAfterFinished: -1}"))
        .hasMessageContaining("worker.ttlSecondsAfterFinished must be >= 0");
  }
}
