package io.dialect.tts.worker.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.worker.dedup.DedupSettings;
import io.dialect.tts.worker.policy.ContentPolicySettings;
import io.dialect.tts.worker.provider.config.DurationText;
import io.dialect.tts.worker.provider.config.ProvidersConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The worker's one config file (the provider ConfigMap in a pod): providers and failover order,
 * the voice catalog, cache tiers, de-duplication, content policy and concurrency. Without a file the
 * embedded defaults apply: espeak-ng only, the built-in catalog, an in-process cache.
 *
 * <pre>
 * providers: [{name: xiangyinge, type: xiangyinge, baseUrl: ..., keys: {primary: {env: XIANGYINGE_KEY}}}, ...]
 * providerOrder: [xiangyinge, azure, espeak]
 * catalog: {dialects: {...}}          # optional: the built-in catalog otherwise
 * cache: {scope: namespace, memory: {maxBytes: 67108864}, redis: {ttl: 7d}, s3: {bucket: tts-cache}}
 * dedup: {lockTtl: 30s, maxWait: 10m, firstPoll: 50ms, maxPoll: 1s}
 * contentPolicy: {mode: reject, patterns: ["..."]}
 * concurrency: 8                      # items in flight per worker
 * quota: {whenRedisUnavailable: fail-closed}   # or fail-open
 * </pre>
 */
public record WorkerConfig(ProvidersConfig providers, VoiceCatalog catalog, CacheConfig cache, DedupSettings dedup,
    ContentPolicySettings contentPolicy, int concurrency, QuotaSettings quota) {

  private static final String EMBEDDED = "default-worker-config.yaml";
  private static final Set<String> SECTIONS =
      Set.of("providers", "providerOrder", "catalog", "cache", "dedup", "contentPolicy", "concurrency", "quota");
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationText()))
      .build();

  public WorkerConfig {
    Objects.requireNonNull(providers, "providers");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(contentPolicy, "contentPolicy");
    Objects.requireNonNull(quota, "quota");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
  }

  /** Environment variable of the gateway that overrides {@code cache.scope} (namespace or cluster). */
  public static final String ENV_CACHE_SCOPE = "TTS_CACHE_SCOPE";
  /** Environment variable of the gateway that turns on the S3 tier in this bucket. */
  public static final String ENV_S3_CACHE_BUCKET = "TTS_S3_CACHE_BUCKET";

  /** This config with the cache settings a deployment sets in the environment (the chart's values). */
  public WorkerConfig withEnvironmentOverrides(Map<String, String> env) {
    CacheScope scope = cache.scope();
    String scopeName = env.get(ENV_CACHE_SCOPE);
    if (scopeName != null && !scopeName.isBlank()) {
      scope = switch (scopeName.trim()) {
        case "namespace" -> CacheScope.NAMESPACE;
        case "cluster" -> CacheScope.CLUSTER;
        default -> throw new IllegalArgumentException(ENV_CACHE_SCOPE + " must be namespace or cluster, not " + scopeName);
      };
    }
    String bucket = env.get(ENV_S3_CACHE_BUCKET);
    CacheConfig.S3 s3 = bucket == null || bucket.isBlank() ? cache.s3()
        : new CacheConfig.S3(bucket.trim(), cache.s3() == null ? null : cache.s3().prefix());
    return new WorkerConfig(providers, catalog, new CacheConfig(scope, cache.memory(), cache.redis(), s3, cache.disk()),
        dedup, contentPolicy, concurrency, quota);
  }

  public static WorkerConfig embedded() {
    try (InputStream in = WorkerConfig.class.getResourceAsStream(EMBEDDED)) {
      return parse(new String(Objects.requireNonNull(in, EMBEDDED).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static WorkerConfig load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("worker config " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read worker config " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Binds a config text; every problem is one IllegalArgumentException naming the section. */
  public static WorkerConfig parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("worker config is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("worker config must be a YAML mapping");
    }
    List<String> unknown = new ArrayList<>();
    root.fieldNames().forEachRemaining(name -> {
      if (!SECTIONS.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown section(s) " + unknown + " in worker config; known: " + SECTIONS);
    }
    VoiceCatalog catalog = root.has("catalog") ? VoiceCatalog.fromConfigNode(root) : VoiceCatalog.defaultCatalog();
    return new WorkerConfig(
        ProvidersConfig.fromConfigNode(root),
        catalog,
        bind(root, "cache", CacheConfig.class, CacheConfig.defaults()),
        bind(root, "dedup", DedupSettings.class, DedupSettings.defaults()),
        bind(root, "contentPolicy", ContentPolicySettings.class, ContentPolicySettings.none()),
        root.path("concurrency").asInt(4),
        bind(root, "quota", QuotaSettings.class, QuotaSettings.defaults()));
  }

  private static <T> T bind(JsonNode root, String section, Class<T> type, T absent) {
    JsonNode node = root.get(section);
    if (node == null || node.isNull()) {
      return absent;
    }
    try {
      return YAML.treeToValue(node, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(section + " section is invalid: " + e.getMessage(), e);
    }
  }
}
