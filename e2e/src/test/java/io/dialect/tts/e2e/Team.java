package io.dialect.tts.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.api.Labels;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A team's namespace as a team sets it up: a PersistentVolumeClaim {@value #CLAIM} for outputs, nothing of
 * the platform's (worker pods run as its default ServiceAccount). No provider key, Redis password or S3
 * credential: those stay in the release namespace with the gateway.
 */
final class Team {
  static final String CLAIM = "audio";
  private static final ObjectMapper JSON = new ObjectMapper();

  final String namespace;
  private final E2eCluster cluster;

  private Team(String namespace, E2eCluster cluster) {
    this.namespace = namespace;
    this.cluster = cluster;
  }

  static Team create(E2eCluster cluster, String name) {
    return inNamespace(cluster, "e2e-" + name);
  }

  /** A team in exactly this namespace, e.g. team-a, which examples/gitops puts its jobs in. */
  static Team inNamespace(E2eCluster cluster, String namespace) {
    KubernetesClient admin = cluster.admin;
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    // Nothing of the platform's: worker pods run as the namespace's default ServiceAccount, which the
    // ServiceAccount controller creates a moment after the namespace (pods naming it wait for it).
    await().atMost(Duration.ofSeconds(30)).until(() ->
        admin.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
    admin.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(CLAIM).withNamespace(namespace)
        .endMetadata().withNewSpec().withAccessModes("ReadWriteMany").withNewResources()
        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).serverSideApply();
    return new Team(namespace, cluster);
  }

  /** Applies a TTSJob given as YAML (as {@code kubectl apply -f} would), in this namespace. */
  TTSJob apply(String yaml) {
    TTSJob job = cluster.admin.getKubernetesSerialization().unmarshal(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), TTSJob.class);
    job.getMetadata().setNamespace(namespace);
    return cluster.admin.resource(job).create();
  }

  TTSQuota applyQuota(String yaml) {
    TTSQuota quota = cluster.admin.getKubernetesSerialization().unmarshal(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), TTSQuota.class);
    quota.getMetadata().setNamespace(namespace);
    TTSQuota applied = cluster.admin.resource(quota).serverSideApply();
    // As a platform admin would (kubectl wait): jobs applied next are admitted against this version.
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      TTSQuota seen = cluster.admin.resource(applied).get();
      return seen.getStatus() != null
          && Objects.equals(seen.getStatus().getObservedGeneration(), seen.getMetadata().getGeneration());
    });
    return applied;
  }

  /** Applies a hard TTSQuota named {@code budget} with this daily character limit (windows in Asia/Shanghai). */
  TTSQuota applyHardDailyQuota(long characters) {
    return applyQuota("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSQuota
        metadata: {name: budget}
        spec:
          daily: {characters: %d}
          enforcement: hard
          timeZone: Asia/Shanghai
        """.formatted(characters));
  }

  /** Creates a ConfigMap whose key {@code lines.jsonl} holds these JSONL lines, as a job's source. */
  void createSource(String configMap, String jsonl) {
    cluster.admin.resource(new ConfigMapBuilder().withNewMetadata().withName(configMap).withNamespace(namespace)
        .endMetadata().addToData("lines.jsonl", jsonl).build()).create();
  }

  /**
   * Creates a ConfigMap whose key {@code lines.jsonl} holds these bytes as {@code binaryData}: a source that
   * is not all UTF-8 (a ConfigMap's {@code data} must be).
   */
  void createSource(String configMap, byte[] jsonl) {
    cluster.admin.resource(new ConfigMapBuilder().withNewMetadata().withName(configMap).withNamespace(namespace)
        .endMetadata().addToBinaryData("lines.jsonl", Base64.getEncoder().encodeToString(jsonl)).build()).create();
  }

  /** What a kubectl command printed (standard output and error) and how it exited. */
  record KubectlOutput(int exitCode, String output) {
  }

  /** Applies a manifest as a user does ({@code kubectl apply -f -}) in this namespace. */
  KubectlOutput kubectlApply(String yaml) throws IOException, InterruptedException {
    return kubectl(yaml, "apply", "-f", "-");
  }

  /** Runs kubectl as the cluster's admin in this namespace, with {@code stdin} as its standard input. */
  KubectlOutput kubectl(String stdin, String... args) throws IOException, InterruptedException {
    Process kubectl = cluster.kubectl(namespace, args).redirectErrorStream(true).start();
    try (var input = kubectl.getOutputStream()) {
      input.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kubectl.waitFor(60, TimeUnit.SECONDS)) {
      kubectl.destroyForcibly();
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not end within 60 s: " + output);
    }
    return new KubectlOutput(kubectl.exitValue(), output);
  }

  TTSJob job(String name) {
    return cluster.admin.resources(TTSJob.class).inNamespace(namespace).withName(name).get();
  }

  /** Waits until the job's status matches, failing early with its status if it ends otherwise. */
  TTSJob awaitJob(String name, Duration timeout, Predicate<TTSJob> condition) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
      TTSJob job = job(name);
      return job != null && (condition.test(job)
          || job.getStatus() != null && job.getStatus().getPhase() == JobPhase.Failed);
    });
    return job(name);
  }

  /** Waits (up to two minutes) until at least {@code items} of the job succeeded: a point mid-job. */
  TTSJob awaitSucceeded(String name, long items) {
    await().atMost(Duration.ofMinutes(2)).until(() -> {
      TTSJob job = job(name);
      return job != null && job.getStatus() != null && job.getStatus().getSucceeded() != null
          && job.getStatus().getSucceeded() >= items;
    });
    return job(name);
  }

  TTSJob awaitPhase(String name, JobPhase phase, Duration timeout) {
    return awaitJob(name, timeout, job -> job.getStatus() != null && job.getStatus().getPhase() == phase);
  }

  /** The worker Jobs of the TTSJobs named {@code name} (by the label the operator sets; all uids). */
  List<Job> workerJobs(String name) {
    return cluster.admin.batch().v1().jobs().inNamespace(namespace).withLabel(Labels.JOB, Labels.jobValue(name)).list().getItems();
  }

  /** The worker pods of the TTSJobs named {@code name}. */
  List<Pod> pods(String name) {
    return cluster.admin.pods().inNamespace(namespace).withLabel(Labels.JOB, Labels.jobValue(name)).list().getItems();
  }

  /** Events about the named object, oldest first. */
  List<Event> events(String objectName) {
    return cluster.admin.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> objectName.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
        .toList();
  }

  /**
   * A pod of this team that no node runs (bound to another node) with the namespace's default
   * ServiceAccount, as worker pods have: a caller for tokens minted as its kubelet would.
   */
  Pod parkedPod(String name) {
    return cluster.admin.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .endMetadata().withNewSpec().withNodeName("elsewhere")
        // Named: this API server runs no ServiceAccount admission plugin to fill it in.
        .withServiceAccountName("default")
        .addNewContainer().withName("app").withImage(E2eCluster.CLIENT_IMAGE).endContainer().endSpec().build())
        .create();
  }

  /**
   * A ServiceAccount token bound to {@code pod}, as a kubelet mints it for a projected volume.
   *
   * @param audience e.g. tts-gateway; null for the API server's own
   */
  String token(Pod pod, String audience) {
    return cluster.admin.serviceAccounts().inNamespace(namespace).withName(pod.getSpec().getServiceAccountName())
        .tokenRequest(new TokenRequestBuilder().withNewSpec()
            .withAudiences(audience == null ? List.of() : List.of(audience)).withExpirationSeconds(600L)
            .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
              .withUid(pod.getMetadata().getUid()).endBoundObjectRef()
            .endSpec().build())
        .getStatus().getToken();
  }

  /** The manifest's lines under {@code dir} of the claim (e.g. "welcome"), as a consumer reads them. */
  List<JsonNode> manifest(String dir) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(claim().resolve(dir).resolve("manifest.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  /** The output claim's files, as a consumer pod mounting it would see them. */
  Path claim() {
    return cluster.kubelet.claimDir(namespace, CLAIM);
  }
}
