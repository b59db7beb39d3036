package io.dialect.tts.worker.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dialect.tts.api.v1alpha1.ApiGroup;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Identity from the API server, never from a request: a TokenReview says whose projected ServiceAccount
 * token it is (audience {@code tts-gateway}, bound to a pod); the pod, its Job and the Job's TTSJob,
 * followed by controller owner references, checked by uid and against the worker Job the TTSJob's status
 * names, say which shard it runs. A token is
 * useless once its pod is gone (the API server stops vouching for it) and for another namespace
 * (the namespace is the token's own). Answers are cached briefly: a TokenReview per call would load the
 * API server with every item.
 */
public final class KubernetesCallerIdentity implements CallerIdentity {
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
  private static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  private static final String POD_UID = "authentication.kubernetes.io/pod-uid";
  private static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private final KubernetesClient client;
  private final String audience;
  private final Cache<String, Caller> callers;
  private final Cache<String, Shard> shards;

  public KubernetesCallerIdentity(KubernetesClient client, String audience, Duration cacheFor) {
    this.client = client;
    this.audience = audience;
    this.callers = Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(100_000).build();
    this.shards = Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(100_000).build();
  }

  @Override
  public Caller authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw GatewayException.unauthenticated("a bearer token is required: a projected ServiceAccount token of "
          + "audience " + audience);
    }
    // Keyed by a digest: the cache never holds a token.
    return callers.get(sha256(bearerToken), digest -> review(bearerToken));
  }

  private Caller review(String token) {
    TokenReview review;
    try {
      review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
          .withNewSpec().withToken(token).withAudiences(audience).endSpec().build());
    } catch (KubernetesClientException e) {
      throw new GatewayException(503, GatewayException.UNAVAILABLE, "cannot check the token with the API server");
    }
    var status = review.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      throw GatewayException.unauthenticated("the token was refused (expired, of another audience than "
          + audience + ", or its pod is gone)");
    }
    String username = status.getUser().getUsername();
    if (username == null || !username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      throw GatewayException.unauthenticated("only ServiceAccount tokens are accepted");
    }
    String[] parts = username.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", 2);
    Map<String, List<String>> extra = status.getUser().getExtra() == null ? Map.of() : status.getUser().getExtra();
    Optional<String> podName = first(extra, POD_NAME);
    Optional<String> podUid = first(extra, POD_UID);
    if (parts.length != 2 || podName.isEmpty() || podUid.isEmpty()) {
      throw GatewayException.unauthenticated("the token is not bound to a pod: mount a projected ServiceAccount "
          + "token of audience " + audience);
    }
    return new Caller(parts[0], parts[1], podName.get(), podUid.get());
  }

  @Override
  public Shard shardOf(Caller caller) {
    return shards.get(caller.podUid(), uid -> resolve(caller));
  }

  private Shard resolve(Caller caller) {
    String namespace = caller.namespace();
    Pod pod = client.pods().inNamespace(namespace).withName(caller.podName()).get();
    if (pod == null || !caller.podUid().equals(pod.getMetadata().getUid())
        || pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() != null
        && ("Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase()))) {
      throw GatewayException.forbidden("pod " + caller.podName() + " is not a live pod");
    }
    OwnerReference jobRef = controller(pod, "batch/v1", "Job")
        .orElseThrow(() -> notAShard(caller));
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobRef.getName()).get();
    if (job == null || !jobRef.getUid().equals(job.getMetadata().getUid())) {
      throw notAShard(caller);
    }
    OwnerReference ttsRef = controller(job, ApiGroup.API_VERSION, "TTSJob").orElseThrow(() -> notAShard(caller));
    TTSJob ttsJob = client.resources(TTSJob.class).inNamespace(namespace).withName(ttsRef.getName()).get();
    if (ttsJob == null || !ttsRef.getUid().equals(ttsJob.getMetadata().getUid())) {
      throw notAShard(caller);
    }
    if (!admitted(ttsJob)) {
      throw GatewayException.forbidden("TTSJob " + ttsJob.getMetadata().getName() + " is not admitted or has finished");
    }
    // Owner references are free text: anyone who may create Jobs in the namespace could point one at the
    // TTSJob. Only the Job the operator made, and named in the TTSJob's status, is its worker Job.
    String workerJob = ttsJob.getStatus().getWorkerJob();
    if (workerJob == null) {
      // The operator writes the name in the same reconciliation that creates the Job: a pod may be faster.
      throw new GatewayException(503, GatewayException.UNAVAILABLE, "TTSJob " + ttsJob.getMetadata().getName()
          + " does not name its worker Job yet; retry");
    }
    if (!workerJob.equals(job.getMetadata().getName())) {
      throw notAShard(caller);
    }
    Integer completions = job.getSpec().getCompletions();
    int index = completionIndex(pod);
    if (completions == null || index < 0 || index >= completions) {
      throw notAShard(caller);
    }
    return new Shard(ttsJob, workerJob, index, completions);
  }

  /** The pod's completion index as the Job controller annotates it; -1 when absent or not a number. */
  private static int completionIndex(Pod pod) {
    String index = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(COMPLETION_INDEX);
    try {
      return index == null ? -1 : Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean admitted(TTSJob job) {
    return job.getStatus() != null && (job.getStatus().getPhase() == null || !job.getStatus().getPhase().isFinished())
        && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
            .anyMatch(c -> ConditionTypes.ADMITTED.equals(c.getType()) && c.isTrue());
  }

  private static GatewayException notAShard(Caller caller) {
    return GatewayException.forbidden("pod " + caller.podName() + " is not a worker pod of a TTSJob");
  }

  private static Optional<OwnerReference> controller(HasMetadata object, String apiVersion, String kind) {
    return object.getMetadata().getOwnerReferences().stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()) && apiVersion.equals(ref.getApiVersion())
            && kind.equals(ref.getKind()))
        .findFirst();
  }

  private static Optional<String> first(Map<String, List<String>> extra, String key) {
    List<String> values = extra.get(key);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
