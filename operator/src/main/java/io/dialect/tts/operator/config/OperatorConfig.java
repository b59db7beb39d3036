package io.dialect.tts.operator.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
 * what a Deployment usually sets per cluster. Secrets are only ever referenced by name and key.
 */
public record OperatorConfig(
    WorkerSettings worker,
    RedisSettings redis,
    S3Settings s3,
    ProviderConfigRef providerConfig,
    List<ProviderSettings> providers,
    String cacheScope,
    Integer statusUpdateIntervalSeconds,
    Integer progressPollSeconds,
    Integer quotaPollSeconds,
    Set<String> namespaces,
    LeaderElectionSettings leaderElection,
    Integer httpPort,
    Boolean checkSecrets) {

  /** Environment variables that override the file, e.g. set by the Helm chart. */
  public static final String ENV_CONFIG_FILE = "TTS_OPERATOR_CONFIG";
  public static final String ENV_WORKER_IMAGE = "TTS_WORKER_IMAGE";
  public static final String ENV_REDIS_URL = "TTS_REDIS_URL";
  public static final String ENV_WATCH_NAMESPACES = "TTS_WATCH_NAMESPACES";

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public OperatorConfig {
    worker = worker == null ? WorkerSettings.defaults() : worker;
    redis = redis == null ? new RedisSettings(null) : redis;
    s3 = s3 == null ? new S3Settings(null, null, null, null, null, null) : s3;
    providers = providers == null || providers.isEmpty()
        ? List.of(new ProviderSettings("espeak", List.of()))
        : List.copyOf(providers);
    cacheScope = cacheScope == null ? "namespace" : cacheScope;
    if (!cacheScope.equals("namespace") && !cacheScope.equals("cluster")) {
      throw new IllegalArgumentException("cacheScope must be namespace or cluster, not " + cacheScope);
    }
    statusUpdateIntervalSeconds = statusUpdateIntervalSeconds == null ? 10 : statusUpdateIntervalSeconds;
    progressPollSeconds = progressPollSeconds == null ? 2 : progressPollSeconds;
    quotaPollSeconds = quotaPollSeconds == null ? 15 : quotaPollSeconds;
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    leaderElection = leaderElection == null ? new LeaderElectionSettings(false, null, null) : leaderElection;
    httpPort = httpPort == null ? 8080 : httpPort;
    // Off unless RBAC grants get on Secrets (the chart's rbac.secretPresenceCheck): a missing Secret then
    // shows as the worker pods' CreateContainerConfigError instead of Admitted=False.
    checkSecrets = checkSecrets != null && checkSecrets;
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
    RedisSettings r = Optional.ofNullable(env.get(ENV_REDIS_URL)).map(RedisSettings::new).orElse(redis);
    Set<String> ns = Optional.ofNullable(env.get(ENV_WATCH_NAMESPACES)).filter(s -> !s.isBlank())
        .map(s -> Set.of(s.trim().split("\\s*,\\s*"))).orElse(namespaces);
    return new OperatorConfig(w, r, s3, providerConfig, providers, cacheScope, statusUpdateIntervalSeconds,
        progressPollSeconds, quotaPollSeconds, ns, leaderElection, httpPort, checkSecrets);
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

  /** How worker pods are built. */
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
      Integer backoffLimitPerIndex) {

    public WorkerSettings {
      image = image == null ? "ghcr.io/dialect-tts/tts-worker:0.1.0" : image;
      imagePullPolicy = imagePullPolicy == null ? "IfNotPresent" : imagePullPolicy;
      runAsUser = runAsUser == null ? 10001L : runAsUser;
      requests = requests == null ? Map.of("cpu", "250m", "memory", "256Mi") : Map.copyOf(requests);
      limits = limits == null ? Map.of("cpu", "1", "memory", "512Mi") : Map.copyOf(limits);
      maxParallelism = maxParallelism == null ? 16 : maxParallelism;
      itemsPerShard = itemsPerShard == null ? 25 : itemsPerShard;
      maxShardsPerPod = maxShardsPerPod == null ? 4 : maxShardsPerPod;
      backoffLimitPerIndex = backoffLimitPerIndex == null ? 2 : backoffLimitPerIndex;
      if (maxParallelism < 1 || itemsPerShard < 1 || maxShardsPerPod < 1 || backoffLimitPerIndex < 0) {
        throw new IllegalArgumentException(
            "worker.maxParallelism, itemsPerShard and maxShardsPerPod must be >= 1, backoffLimitPerIndex >= 0");
      }
    }

    static WorkerSettings defaults() {
      return new WorkerSettings(null, null, null, null, null, null, null, null, null, null);
    }

    WorkerSettings withImage(String newImage) {
      return new WorkerSettings(newImage, imagePullPolicy, serviceAccountName, runAsUser, requests, limits,
          maxParallelism, itemsPerShard, maxShardsPerPod, backoffLimitPerIndex);
    }
  }

  /** Where workers count progress; the operator reads the same Redis. */
  public record RedisSettings(String url) {
    public RedisSettings {
      url = url == null ? "redis://localhost:6379" : url;
    }
  }

  /**
   * The S3 endpoint workers write to and read sources from. {@code allowedOutputBuckets} empty means
   * any bucket on the endpoint; objects always land under the job's namespace.
   */
  public record S3Settings(
      String endpoint,
      String region,
      Boolean pathStyle,
      String cacheBucket,
      SecretKeys credentialsSecret,
      Set<String> allowedOutputBuckets) {

    public S3Settings {
      allowedOutputBuckets = allowedOutputBuckets == null ? Set.of() : Set.copyOf(allowedOutputBuckets);
    }

    public boolean allowsBucket(String bucket) {
      return allowedOutputBuckets.isEmpty() || allowedOutputBuckets.contains(bucket);
    }
  }

  /** A Secret (in the job's namespace) holding the S3 access key id and secret access key. */
  public record SecretKeys(String name, String accessKeyIdKey, String secretAccessKeyKey) {
    public SecretKeys {
      Objects.requireNonNull(name, "s3.credentialsSecret.name");
      accessKeyIdKey = accessKeyIdKey == null ? "accessKeyId" : accessKeyIdKey;
      secretAccessKeyKey = secretAccessKeyKey == null ? "secretAccessKey" : secretAccessKeyKey;
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

  /** A provider jobs may name, and the env variables its worker needs from Secrets. */
  public record ProviderSettings(String name, List<SecretEnv> env) {
    public ProviderSettings {
      Objects.requireNonNull(name, "providers[].name");
      env = env == null ? List.of() : List.copyOf(env);
    }
  }

  /** One worker env variable filled from a Secret key in the job's namespace. */
  public record SecretEnv(String name, String secretName, String secretKey) {
    public SecretEnv {
      Objects.requireNonNull(name, "env name");
      Objects.requireNonNull(secretName, "env secretName");
      Objects.requireNonNull(secretKey, "env secretKey");
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
