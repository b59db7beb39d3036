package io.dialect.tts.operator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialect.tts.api.Labels;
import io.dialect.tts.api.v1alpha1.ApiGroup;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's settings: a YAML file (see docs/operator.md) with a few environment overrides for
 * what a Deployment usually sets per cluster. The operator reads no Secret: the Redis password comes from
 * the environment (a Secret the chart maps there).
 */
public record OperatorConfig(
    WorkerSettings worker,
    GatewaySettings gateway,
    RedisSettings redis,
    S3Settings s3,
    ProviderConfigRef providerConfig,
    List<ProviderSettings> providers,
    Integer statusUpdateIntervalSeconds,
    Integer progressPollSeconds,
    Integer quotaPollSeconds,
    AdmissionSettings admission,
    Set<String> namespaces,
    LeaderElectionSettings leaderElection,
    Integer httpPort) {

  /** Environment variables that override the file, e.g. set by the Helm chart. */
  public static final String ENV_CONFIG_FILE = "TTS_OPERATOR_CONFIG";
  public static final String ENV_WORKER_IMAGE = "TTS_WORKER_IMAGE";
  public static final String ENV_REDIS_URL = "TTS_REDIS_URL";
  /** Redis' password, from a Secret: never in the file. */
  public static final String ENV_REDIS_PASSWORD = "TTS_REDIS_PASSWORD";
  public static final String ENV_WATCH_NAMESPACES = "TTS_WATCH_NAMESPACES";

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public OperatorConfig {
    worker = worker == null ? WorkerSettings.defaults() : worker;
    gateway = gateway == null ? new GatewaySettings(null, null, null) : gateway;
    redis = redis == null ? new RedisSettings(null, null) : redis;
    s3 = s3 == null ? new S3Settings(null) : s3;
    providers = providers == null || providers.isEmpty()
        ? List.of(new ProviderSettings("espeak"))
        : List.copyOf(providers);
    statusUpdateIntervalSeconds = statusUpdateIntervalSeconds == null ? 10 : statusUpdateIntervalSeconds;
    progressPollSeconds = progressPollSeconds == null ? 2 : progressPollSeconds;
    quotaPollSeconds = quotaPollSeconds == null ? 15 : quotaPollSeconds;
    admission = admission == null ? new AdmissionSettings(null) : admission;
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    leaderElection = leaderElection == null ? new LeaderElectionSettings(false, null, null) : leaderElection;
    httpPort = httpPort == null ? 8080 : httpPort;
  }

  /** Reads the file (if any) and applies the environment overrides. */
  public static OperatorConfig load(Optional<Path> file, Map<String, String> env) {
    OperatorConfig fromFile = file.map(OperatorConfig::read).orElseGet(() -> parse("{}"));
    return fromFile.withEnv(env);
  }

  public static OperatorConfig parse(String yaml) {
    try {
      OperatorConfig config = YAML.readValue(yaml.isBlank() ? "{}" : yaml, OperatorConfig.class);
      return config == null ? YAML.readValue("{}", OperatorConfig.class) : config;
    } catch (IOException e) {
      throw new IllegalArgumentException("operator config is invalid: " + e.getMessage(), e);
    }
  }

  private static OperatorConfig read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read operator config " + file, e);
    }
  }

  private OperatorConfig withEnv(Map<String, String> env) {
    WorkerSettings w = Optional.ofNullable(env.get(ENV_WORKER_IMAGE)).map(worker::withImage).orElse(worker);
    RedisSettings r = new RedisSettings(Optional.ofNullable(env.get(ENV_REDIS_URL)).orElse(redis.url()),
        env.get(ENV_REDIS_PASSWORD));
    Set<String> ns = Optional.ofNullable(env.get(ENV_WATCH_NAMESPACES)).filter(s -> !s.isBlank())
        .map(s -> Set.of(s.trim().split("\\s*,\\s*"))).orElse(namespaces);
    return new OperatorConfig(w, gateway, r, s3, providerConfig, providers, statusUpdateIntervalSeconds,
        progressPollSeconds, quotaPollSeconds, admission, ns, leaderElection, httpPort);
  }

  public Duration statusUpdateInterval() {
    return Duration.ofSeconds(statusUpdateIntervalSeconds);
  }

  public Duration progressPollInterval() {
    return Duration.ofSeconds(progressPollSeconds);
  }

  /** How often each TTSQuota's usage is read from Redis into its status (besides TTSQuota changes). */
  public Duration quotaPollInterval() {
    return Duration.ofSeconds(quotaPollSeconds);
  }

  public Optional<ProviderSettings> provider(String name) {
    return providers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * How worker pods are built. The scheduling and pod settings ({@code imagePullSecrets} to
   * {@code podAnnotations}) are the cluster's, the same for every TTSJob; {@code imagePullSecrets} name
   * Secrets in the TTSJob's namespace, where the pods run.
   *
   * @param podLabels               extra labels on every worker pod; the operator's own labels and the
   *                                Job controller's cannot be among them (they select and identify the pods)
   * @param ttlSecondsAfterFinished the batch Job's TTL: how long a finished worker Job (and its pods) stays;
   *                                null: until its TTSJob goes. The TTSJob and its status stay either way.
   */
  public record WorkerSettings(
      String image,
      String imagePullPolicy,
      String serviceAccountName,
      Long runAsUser,
      Map<String, String> requests,
      Map<String, String> limits,
      Integer maxParallelism,
      Integer itemsPerShard,
      Integer maxShardsPerPod,
      Integer backoffLimitPerIndex,
      String javaOptions,
      List<LocalObjectReference> imagePullSecrets,
      Map<String, String> nodeSelector,
      List<Toleration> tolerations,
      Affinity affinity,
      String priorityClassName,
      Map<String, String> podLabels,
      Map<String, String> podAnnotations,
      Integer ttlSecondsAfterFinished) {

    /**
     * A worker pod's JVM runs one shard of a few dozen items and exits: most of its CPU went to the JIT
     * compiler's optimizing tier and G1's threads (measured, docs/benchmarks.md), which such a short, I/O-bound
     * process never pays back.
     */
    public static final String DEFAULT_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    /**
     * The namespace's own ServiceAccount, which every namespace has: a team namespace needs nothing created for
     * worker pods. They mount no API token, only a projected token of the gateway's audience, and the gateway
     * tells a shard by its pod, Job and TTSJob, not by this name.
     */
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    /** Label prefixes of the operator ({@link Labels#JOB}, {@link Labels#JOB_UID}) and of the Job controller. */
    private static final List<String> RESERVED_LABEL_PREFIXES = List.of(ApiGroup.GROUP + "/", "batch.kubernetes.io/");
    /** The operator's selector labels, and the Job controller's unprefixed ones. */
    private static final Set<String> RESERVED_LABELS = Set.of(Labels.NAME, Labels.COMPONENT, Labels.MANAGED_BY,
        Labels.PART_OF, "controller-uid", "job-name");

    public WorkerSettings {
      image = image == null ? "ghcr.io/dialect-tts/tts-worker:0.1.0" : image;
      imagePullPolicy = imagePullPolicy == null ? "IfNotPresent" : imagePullPolicy;
      // Named in the pod rather than left to the ServiceAccount admission plugin, which not every API server runs.
      serviceAccountName = serviceAccountName == null || serviceAccountName.isBlank() ? DEFAULT_SERVICE_ACCOUNT
          : serviceAccountName;
      runAsUser = runAsUser == null ? 10001L : runAsUser;
      requests = requests == null ? Map.of("cpu", "250m", "memory", "256Mi") : Map.copyOf(requests);
      limits = limits == null ? Map.of("cpu", "1", "memory", "512Mi") : Map.copyOf(limits);
      maxParallelism = maxParallelism == null ? 16 : maxParallelism;
      itemsPerShard = itemsPerShard == null ? 25 : itemsPerShard;
      maxShardsPerPod = maxShardsPerPod == null ? 4 : maxShardsPerPod;
      backoffLimitPerIndex = backoffLimitPerIndex == null ? 2 : backoffLimitPerIndex;
      javaOptions = javaOptions == null ? DEFAULT_JAVA_OPTIONS : javaOptions.strip();
      imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
      nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
      tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
      podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
      podAnnotations = podAnnotations == null ? Map.of() : Map.copyOf(podAnnotations);
      if (maxParallelism < 1 || itemsPerShard < 1 || maxShardsPerPod < 1 || backoffLimitPerIndex < 0) {
        throw new IllegalArgumentException(
            "worker.maxParallelism, itemsPerShard and maxShardsPerPod must be >= 1, backoffLimitPerIndex >= 0");
      }
      if (ttlSecondsAfterFinished != null && ttlSecondsAfterFinished < 0) {
        throw new IllegalArgumentException("worker.ttlSecondsAfterFinished must be >= 0, was " + ttlSecondsAfterFinished);
      }
      List<String> reserved = podLabels.keySet().stream().filter(WorkerSettings::reservedLabel).sorted().toList();
      if (!reserved.isEmpty()) {
        throw new IllegalArgumentException("worker.podLabels: " + reserved + " are the operator's or the Job "
            + "controller's labels, which select and identify worker pods; use other keys");
      }
    }

    private static boolean reservedLabel(String key) {
      return RESERVED_LABELS.contains(key) || RESERVED_LABEL_PREFIXES.stream().anyMatch(key::startsWith);
    }

    static WorkerSettings defaults() {
      return new WorkerSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null);
    }

    WorkerSettings withImage(String newImage) {
      return new WorkerSettings(newImage, imagePullPolicy, serviceAccountName, runAsUser, requests, limits,
          maxParallelism, itemsPerShard, maxShardsPerPod, backoffLimitPerIndex, javaOptions, imagePullSecrets,
          nodeSelector, tolerations, affinity, priorityClassName, podLabels, podAnnotations, ttlSecondsAfterFinished);
    }
  }

  /**
   * The synthesis gateway worker pods call (it alone holds provider keys, Redis and the S3 cache).
   *
   * @param url                    e.g. http://tts-gateway.tts-system.svc
   * @param audience               the audience of the pods' projected ServiceAccount token
   * @param tokenExpirationSeconds its lifetime (the kubelet refreshes it at 80 %); at least 600
   */
  public record GatewaySettings(String url, String audience, Long tokenExpirationSeconds) {
    public GatewaySettings {
      url = url == null ? "http://tts-gateway.tts-system.svc" : url;
      audience = audience == null ? "tts-gateway" : audience;
      tokenExpirationSeconds = tokenExpirationSeconds == null ? 3600L : tokenExpirationSeconds;
      if (tokenExpirationSeconds < 600) {
        throw new IllegalArgumentException("gateway.tokenExpirationSeconds must be at least 600 (the API server's "
            + "minimum), was " + tokenExpirationSeconds);
      }
    }
  }

  /**
   * The Redis the gateway counts progress and usage in; the operator reads it and publishes limits.
   *
   * @param password from env {@value #ENV_REDIS_PASSWORD} (a Secret), never from the file
   */
  public record RedisSettings(String url, @JsonIgnore String password) {
    public RedisSettings {
      url = url == null ? "redis://localhost:6379" : url;
    }
  }

  /** {@code allowedOutputBuckets} empty means any bucket; objects always land under the job's namespace. */
  public record S3Settings(Set<String> allowedOutputBuckets) {
    public S3Settings {
      allowedOutputBuckets = allowedOutputBuckets == null ? Set.of() : Set.copyOf(allowedOutputBuckets);
    }

    public boolean allowsBucket(String bucket) {
      return allowedOutputBuckets.isEmpty() || allowedOutputBuckets.contains(bucket);
    }
  }

  /** The provider config ConfigMap (providers.yaml: provider settings and the voice catalog). */
  public record ProviderConfigRef(String name, String namespace, String key) {
    public ProviderConfigRef {
      Objects.requireNonNull(name, "providerConfig.name");
      Objects.requireNonNull(namespace, "providerConfig.namespace");
      key = key == null ? "providers.yaml" : key;
    }
  }

  /** A provider jobs may name in spec.providers (its keys are the gateway's). */
  public record ProviderSettings(String name) {
    public ProviderSettings {
      Objects.requireNonNull(name, "providers[].name");
    }
  }

  /**
   * How jobs are admitted against a hard TTSQuota.
   *
   * @param sourceReservationCharacters what a job with spec.source, whose size is unknown until read, reserves of
   *                                    each character limit while it runs (at most the whole limit)
   */
  public record AdmissionSettings(Long sourceReservationCharacters) {
    public AdmissionSettings {
      sourceReservationCharacters = sourceReservationCharacters == null ? 10_000L : sourceReservationCharacters;
      if (sourceReservationCharacters < 0) {
        throw new IllegalArgumentException("admission.sourceReservationCharacters must be >= 0, was "
            + sourceReservationCharacters);
      }
    }
  }

  /** Lease-based leader election, for running more than one replica. */
  public record LeaderElectionSettings(Boolean enabled, String leaseName, String leaseNamespace) {
    public LeaderElectionSettings {
      enabled = enabled != null && enabled;
      leaseName = leaseName == null ? "tts-operator" : leaseName;
    }
  }
}
