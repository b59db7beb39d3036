package io.dialect.tts.worker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.ApiGroup;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobStatus;
import io.dialect.tts.testing.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link KubernetesCallerIdentity} against a real API server (kube-apiserver, etcd and kube-controller-manager
 * of {@link KubeControlPlane}). Tokens are minted with the TokenRequest API, bound to a pod, as a kubelet mints
 * a projected ServiceAccount token; the ownership chain is the operator's: TTSJob, then an Indexed batch/v1
 * Job it controls, then the Job's pods carrying their completion index. Proved: a worker pod's token tells its
 * namespace, pod and shard; a token of another audience, of a deleted pod, blank or garbage is refused (401);
 * and a pod that is not a worker of an admitted, unfinished TTSJob has no shard (403): an app pod, a worker of
 * a TTSJob that is queued or finished, a pod of another namespace forging owner references, a pod whose name
 * a new pod took, and a pod or Job whose owner was deleted and re-created under the same name.
 *
 * <p>There is no kubelet: pods stay Pending, which is all the identity reads. Two controllers would undo the
 * fixtures: the Job controller deletes (or releases) pods of its Jobs it did not create, so worker Jobs say
 * another controller manages them ({@code spec.managedBy}); and the garbage collector deletes, within
 * milliseconds, objects whose owner is absent (the forgeries), so a ValidatingAdmissionPolicy refuses to delete
 * objects labelled {@value #PINNED}.
 */
class KubernetesCallerIdentityTest {
  private static final String AUDIENCE = "tts-gateway";
  private static final String TEAM_A = "team-a";
  private static final String TEAM_B = "team-b";
  private static final String WORKER_SA = "tts-worker";
  private static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
  private static final String PINNED = "test.tts.dialect.io/pinned";
  private static final String PIN_POLICY = """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: pinned-fixtures}
      spec:
        failurePolicy: Fail
        matchConstraints:
          objectSelector: {matchLabels: {%1$s: "true"}}
          resourceRules:
          - {apiGroups: ["", batch], apiVersions: [v1], operations: [DELETE], resources: [pods, jobs]}
        validations:
        - {expression: "false", reason: Forbidden, message: a test fixture the garbage collector must leave}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: pinned-fixtures}
      spec: {policyName: pinned-fixtures, validationActions: [Deny]}
      """.formatted(PINNED);

  private static KubeControlPlane plane;
  private static KubernetesClient admin;
  /** Caches nothing: each call asks the API server, so no earlier answer hides a later change. */
  private static CallerIdentity identity;

  @BeforeAll
  static void startControlPlane() throws IOException {
    Path work = Files.createTempDirectory(Path.of("target"), "caller-identity-test").toAbsolutePath();
    plane = KubeControlPlane.start(work.resolve("control-plane"));
    admin = plane.adminClient();
    plane.applyCrds(Path.of("..", "crds", "ttsjobs.tts.dialect.io-v1.yml"));
    applyPinPolicy();
    for (String namespace : List.of(TEAM_A, TEAM_B)) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
      serviceAccount(namespace, WORKER_SA);
    }
    serviceAccount(TEAM_A, "greeter");
    identity = new KubernetesCallerIdentity(admin, AUDIENCE, Duration.ZERO);
  }

  @AfterAll
  static void stopControlPlane() {
    if (admin != null) {
      admin.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void aWorkerPodsTokenTellsItsNamespacePodAndShard() {
    TTSJob ttsJob = ttsJob(TEAM_A, "welcome", admitted(JobPhase.Running));
    Pod pod = workerPod(workerJob(ttsJob), 2);

    Caller caller = identity.authenticate(tokenFor(pod, AUDIENCE));
    Shard shard = identity.shardOf(caller);

    assertThat(caller).isEqualTo(new Caller(TEAM_A, WORKER_SA, pod.getMetadata().getName(), uid(pod)));
    assertThat(shard.namespace()).isEqualTo(TEAM_A);
    assertThat(shard.jobName()).isEqualTo("welcome");
    assertThat(shard.jobUid()).isEqualTo(uid(ttsJob));
    assertThat(shard.index()).isEqualTo(2);
    assertThat(shard.count()).isEqualTo(3);
  }

  @Test
  void aTokenOfAnotherAudienceIsRefused() {
    Pod pod = workerPod(workerJob(ttsJob(TEAM_A, "audiences", admitted(JobPhase.Running))), 0);

    assertRefused(401, () -> identity.authenticate(tokenFor(pod, "something-else")));
    // No audience: the API server's own, the audience of an automounted ServiceAccount token.
    assertRefused(401, () -> identity.authenticate(tokenFor(pod)));
  }

  @Test
  void aTokenOfADeletedPodIsRefusedEvenWhenANamesakePodIsThere() {
    Job job = workerJob(ttsJob(TEAM_A, "gone", admitted(JobPhase.Running)));
    Pod pod = workerPod(job, 1);
    String token = tokenFor(pod, AUDIENCE);
    Caller caller = identity.authenticate(token);
    assertThat(identity.shardOf(caller).index()).isEqualTo(1);

    delete(pod);
    Pod namesake = workerPod(job, 1);
    assertThat(uid(namesake)).isNotEqualTo(uid(pod));

    // At once: the pod of that name is another one.
    assertRefused(403, () -> identity.shardOf(caller));
    // Once the API server stops vouching for the token: it caches a token it accepted for 10 s.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertRefused(401, () -> identity.authenticate(token)));
  }

  @Test
  void anAppPodIsACallerButNoShard() {
    Pod app = create(pod(TEAM_A, "greeter-5d8f7", "greeter").build());

    Caller caller = identity.authenticate(tokenFor(app, AUDIENCE));

    assertThat(caller).isEqualTo(new Caller(TEAM_A, "greeter", "greeter-5d8f7", uid(app)));
    assertRefused(403, () -> identity.shardOf(caller));
  }

  @Test
  void aWorkerOfATTSJobNotAdmittedHasNoShard() {
    Pod fresh = workerPod(workerJob(ttsJob(TEAM_A, "fresh", null)), 0);
    TTSJobStatus waiting = status(JobPhase.Queued, Condition.Status.False, ConditionTypes.REASON_WAITING_FOR_QUOTA);
    Pod queued = workerPod(workerJob(ttsJob(TEAM_A, "queued", waiting)), 0);

    assertRefused(403, () -> identity.shardOf(identity.authenticate(tokenFor(fresh, AUDIENCE))));
    assertRefused(403, () -> identity.shardOf(identity.authenticate(tokenFor(queued, AUDIENCE))));
  }

  @Test
  void aWorkerOfAFinishedTTSJobHasNoShard() {
    for (JobPhase finished : List.of(JobPhase.Succeeded, JobPhase.Failed)) {
      String name = "finished-" + finished.name().toLowerCase();
      Pod pod = workerPod(workerJob(ttsJob(TEAM_A, name, admitted(finished))), 0);

      assertRefused(403, () -> identity.shardOf(identity.authenticate(tokenFor(pod, AUDIENCE))));
    }
  }

  @Test
  void aPodOfAnotherNamespaceCannotForgeItsWayIntoATeamsJob() {
    Job teamAJob = workerJob(ttsJob(TEAM_A, "confined", admitted(JobPhase.Running)));
    // Owner references name no namespace: this one points at team-a's Job by name and uid.
    Pod forged = create(pinned(pod(TEAM_B, "forged-0", WORKER_SA).editMetadata()
        .addToAnnotations(COMPLETION_INDEX, "0")
        .withOwnerReferences(controllerRef(teamAJob))
        .endMetadata().build()));

    Caller caller = identity.authenticate(tokenFor(forged, AUDIENCE));

    assertThat(caller.namespace()).as("the token's own namespace").isEqualTo(TEAM_B);
    assertRefused(403, () -> identity.shardOf(caller));
  }

  @Test
  void aJobOfADeletedNamesakeIsNoShardOfTheNewTTSJob() {
    TTSJob old = ttsJob(TEAM_A, "reborn", admitted(JobPhase.Running));
    Job leftover = create(pinned(workerJobOf(old)));
    Pod pod = workerPod(leftover, 0);
    delete(old);
    TTSJob reborn = ttsJob(TEAM_A, "reborn", admitted(JobPhase.Running));
    assertThat(uid(reborn)).isNotEqualTo(uid(old));

    assertRefused(403, () -> identity.shardOf(identity.authenticate(tokenFor(pod, AUDIENCE))));
  }

  @Test
  void aPodOfADeletedJobIsNoShardOfItsNamesake() {
    TTSJob ttsJob = ttsJob(TEAM_A, "rerun", admitted(JobPhase.Running));
    Job old = workerJob(ttsJob);
    // Pinned: the garbage collector would delete it with its Job.
    Pod leftover = create(pinned(pod(TEAM_A, "rerun-workers-0-old", WORKER_SA).editMetadata()
        .addToAnnotations(COMPLETION_INDEX, "0")
        .withOwnerReferences(controllerRef(old))
        .endMetadata().build()));
    delete(old);
    Job namesake = workerJob(ttsJob);
    assertThat(uid(namesake)).isNotEqualTo(uid(old));

    assertRefused(403, () -> identity.shardOf(identity.authenticate(tokenFor(leftover, AUDIENCE))));
  }

  @Test
  void aJobATeamPointsAtItsOwnTTSJobIsNoShard() {
    TTSJob ttsJob = ttsJob(TEAM_A, "own", admitted(JobPhase.Running));
    workerJob(ttsJob);
    // Anyone who may create Jobs in the namespace can write this owner reference, and any completions.
    Job forged = workerJobOf(ttsJob);
    forged.getMetadata().setName("own-more-workers");
    forged.getSpec().setCompletions(1000);
    Pod pod = workerPod(create(forged), 999);

    assertRefused(403, () -> identity.shardOf(identity.authenticate(tokenFor(pod, AUDIENCE))));
  }

  @Test
  void aShardOfAJobWhoseStatusNamesNoWorkerJobYetIsAskedToRetry() {
    TTSJobStatus unnamed = admitted(JobPhase.Pending);
    unnamed.setWorkerJob(null);
    TTSJob ttsJob = create(Serialization.unmarshal("""
        apiVersion: %s
        kind: TTSJob
        metadata: {name: early, namespace: %s}
        spec:
          dialect: dongbei
          items: [{id: line-0, text: 老铁们好}]
          output: {s3: {bucket: tts-out}}
        """.formatted(ApiGroup.API_VERSION, TEAM_A), TTSJob.class));
    ttsJob.setStatus(unnamed);
    Pod pod = workerPod(workerJob(admin.resource(ttsJob).updateStatus()), 0);

    assertRefused(503, () -> identity.shardOf(identity.authenticate(tokenFor(pod, AUDIENCE))));
  }

  @Test
  void aCompletionIndexOutsideTheJobIsNoShard() {
    Job job = workerJob(ttsJob(TEAM_A, "indexes", admitted(JobPhase.Running)));
    for (String index : List.of("3", "-1", "two")) {
      Pod pod = create(pinned(pod(TEAM_A, "indexes-workers-" + index.replace("-", "m"), WORKER_SA).editMetadata()
          .addToAnnotations(COMPLETION_INDEX, index)
          .withOwnerReferences(controllerRef(job))
          .endMetadata().build()));

      assertRefused(403, () -> identity.shardOf(identity.authenticate(tokenFor(pod, AUDIENCE))));
    }
  }

  @Test
  void aBlankOrGarbageTokenIsRefused() {
    assertRefused(401, () -> identity.authenticate(null));
    assertRefused(401, () -> identity.authenticate(""));
    assertRefused(401, () -> identity.authenticate("   "));
    assertRefused(401, () -> identity.authenticate("not-a-token"));
    assertRefused(401, () -> identity.authenticate("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
  }

  // --- Fixtures: the objects the operator, the Job controller and the kubelet would make ---

  /** A TTSJob with {@code status} written through the status subresource, as the operator writes it. */
  private static TTSJob ttsJob(String namespace, String name, TTSJobStatus status) {
    TTSJob job = create(Serialization.unmarshal("""
        apiVersion: %s
        kind: TTSJob
        metadata: {name: %s, namespace: %s}
        spec:
          dialect: dongbei
          items: [{id: line-0, text: 老铁们好}]
          output: {s3: {bucket: tts-out}}
        """.formatted(ApiGroup.API_VERSION, name, namespace), TTSJob.class));
    if (status == null) {
      return job;
    }
    if (status.getWorkerJob() == null) {
      status.setWorkerJob(workerJobName(name));
    }
    job.setStatus(status);
    return admin.resource(job).updateStatus();
  }

  private static TTSJobStatus admitted(JobPhase phase) {
    return status(phase, Condition.Status.True, "Admitted");
  }

  private static TTSJobStatus status(JobPhase phase, Condition.Status admitted, String reason) {
    TTSJobStatus status = new TTSJobStatus();
    status.setPhase(phase);
    Condition condition = new Condition(ConditionTypes.ADMITTED, admitted, reason, "set by the test");
    condition.setLastTransitionTime("2026-01-01T00:00:00Z"); // required, as in metav1.Condition
    status.setConditions(List.of(condition));
    return status;
  }

  private static Job workerJob(TTSJob owner) {
    return create(workerJobOf(owner));
  }

  /**
   * The operator's worker Job of {@code owner}: Indexed, 3 completions. Suspended and managed by "another
   * controller", so the Job controller neither makes pods for it nor touches the test's.
   */
  private static Job workerJobOf(TTSJob owner) {
    return new JobBuilder()
        .withNewMetadata().withNamespace(owner.getMetadata().getNamespace())
          .withName(workerJobName(owner.getMetadata().getName()))
          .withOwnerReferences(controllerRef(owner))
        .endMetadata()
        .withNewSpec().withCompletionMode("Indexed").withCompletions(3).withSuspend(true)
          .withManagedBy("test.tts.dialect.io/fixtures")
          .withNewTemplate().withNewSpec().withRestartPolicy("Never").withServiceAccountName(WORKER_SA)
            .addNewContainer().withName("worker").withImage("test.local/worker:1").endContainer()
          .endSpec().endTemplate()
        .endSpec().build();
  }

  /** The worker Job the operator would name in the TTSJob's status. */
  private static String workerJobName(String ttsJobName) {
    return ttsJobName + "-workers";
  }

  /** Pod {@code index} of {@code job}, as the Job controller makes it: its labels, controller and index. */
  private static Pod workerPod(Job job, int index) {
    return create(pod(job.getMetadata().getNamespace(), job.getMetadata().getName() + "-" + index, WORKER_SA)
        .editMetadata()
          .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
          .addToAnnotations(COMPLETION_INDEX, String.valueOf(index))
          .withOwnerReferences(controllerRef(job))
        .endMetadata().build());
  }

  private static PodBuilder pod(String namespace, String name, String serviceAccount) {
    return new PodBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withServiceAccountName(serviceAccount)
          .addNewContainer().withName("main").withImage("test.local/app:1").endContainer()
        .endSpec();
  }

  private static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(uid(owner)).withController(true).build();
  }

  /** A projected ServiceAccount token of {@code pod}, as its kubelet requests it. */
  private static String tokenFor(Pod pod, String... audiences) {
    return admin.serviceAccounts().inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getSpec().getServiceAccountName())
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences(audiences).withExpirationSeconds(600L)
            .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
              .withName(pod.getMetadata().getName()).withUid(uid(pod))
            .endBoundObjectRef().endSpec().build())
        .getStatus().getToken();
  }

  private static void assertRefused(int status, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(status));
  }

  private static <T extends HasMetadata> T create(T object) {
    return admin.resource(object).create();
  }

  /**
   * Deletes {@code object} at once and waits until it is gone. Background propagation: the garbage collector
   * then deletes its dependents (pinned ones stay) rather than orphan them (which would drop their owner
   * reference, the very thing a test checks).
   */
  private static void delete(HasMetadata object) {
    admin.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).withGracePeriod(0).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.resource(object).get() == null);
  }

  /** Kept from the garbage collector (its owner is absent): see the class comment. */
  private static <T extends HasMetadata> T pinned(T object) {
    Map<String, String> labels = new HashMap<>(object.getMetadata().getLabels() == null ? Map.of()
        : object.getMetadata().getLabels());
    labels.put(PINNED, "true");
    object.getMetadata().setLabels(labels);
    return object;
  }

  private static String uid(HasMetadata object) {
    return object.getMetadata().getUid();
  }

  private static void serviceAccount(String namespace, String name) {
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withAutomountServiceAccountToken(false).build()).create();
  }


  /** The policy is enforced a moment after it is created: waits until it refuses to delete a pinned probe. */
  private static void applyPinPolicy() {
    admin.load(new ByteArrayInputStream(PIN_POLICY.getBytes(StandardCharsets.UTF_8))).create();
    Pod probe = create(pinned(pod("default", "pin-probe", "default").build()));
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      try {
        admin.resource(probe).dryRun().delete();
        return false;
      } catch (KubernetesClientException e) {
        return e.getCode() == 403;
      }
    });
  }
}
