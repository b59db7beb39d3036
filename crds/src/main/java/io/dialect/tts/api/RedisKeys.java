package io.dialect.tts.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Redis key schema shared by worker and operator. Every key carries the namespace (or the
 * explicit cluster scope), so tenants never share counters, locks or cached audio by accident.
 * Namespace and job names are DNS labels, which cannot contain ':' - the separator is unambiguous.
 */
public final class RedisKeys {
  public static final String PREFIX = "tts";
  /** Cache scope value used when the operator shares one cache pool across namespaces. */
  public static final String CLUSTER_SCOPE = "_cluster";

  private static final Pattern DNS_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");

  /**
   * Fields of a shard's progress hash (HINCRBY by the shard's worker, summed over shards by the
   * operator). Each shard owns its hash and recounts it from zero when its pod restarts, so a retried
   * shard never counts an item twice.
   */
  public static final class ProgressField {
    public static final String TOTAL = "total";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CACHED = "cached";
    public static final String DEGRADED = "degraded";
    public static final String CHARACTERS_TOTAL = "characters.total";
    public static final String CHARACTERS_BILLED = "characters.billed";
    /** Per-provider count: {@code provider.<name>}. */
    public static final String PROVIDER_PREFIX = "provider.";
    /** 1 once the shard has read its whole source: its total is final. */
    public static final String SOURCE_DONE = "source.done";

    private ProgressField() {
    }
  }

  /** Fields of a namespace's usage hash for one window. */
  public static final class UsageField {
    public static final String CHARACTERS = "characters";
    public static final String REQUESTS = "requests";
    public static final String CACHE_HITS = "cacheHits";

    private UsageField() {
    }
  }

  /**
   * Fields of a namespace's quota limits hash ({@link #quotaLimits}), written by the operator and read
   * atomically by the workers' reservation script. An absent limit field means no limit of that kind;
   * an absent hash means the namespace has no quota.
   */
  public static final class LimitField {
    public static final String DAILY_CHARACTERS = "daily.characters";
    public static final String DAILY_REQUESTS = "daily.requests";
    public static final String MONTHLY_CHARACTERS = "monthly.characters";
    public static final String MONTHLY_REQUESTS = "monthly.requests";
    /** {@code hard} (absent means hard) or {@code soft}. */
    public static final String ENFORCEMENT = "enforcement";
    /** IANA zone id in which the windows reset (absent means UTC). */
    public static final String TIME_ZONE = "timeZone";

    private LimitField() {
    }
  }

  private RedisKeys() {
  }

  /** Hash of progress counters of one shard of a TTSJob (by uid, so a re-created job starts from zero). */
  public static String shardProgress(String namespace, String jobName, String jobUid, int shardIndex) {
    if (shardIndex < 0) {
      throw new IllegalArgumentException("shard index must not be negative: " + shardIndex);
    }
    return String.join(":", PREFIX, "progress", name(namespace), name(jobName), Objects.requireNonNull(jobUid),
        String.valueOf(shardIndex));
  }

  /** Set of shard indexes that finished; the shard that completes the set merges the manifest parts. */
  public static String finishedShards(String namespace, String jobName, String jobUid) {
    return String.join(":", PREFIX, "progress", name(namespace), name(jobName), Objects.requireNonNull(jobUid),
        "finished");
  }

  /** Pattern matching every progress key of a job name, for clean-up. */
  public static String jobProgressPattern(String namespace, String jobName) {
    return String.join(":", PREFIX, "progress", name(namespace), name(jobName), "*");
  }

  /** Hash of a namespace's usage in a daily window, e.g. window "2026-11-25". */
  public static String dailyUsage(String namespace, String day) {
    return String.join(":", PREFIX, "usage", name(namespace), "day", day);
  }

  /** Hash of a namespace's usage in a monthly window, e.g. window "2026-11". */
  public static String monthlyUsage(String namespace, String month) {
    return String.join(":", PREFIX, "usage", name(namespace), "month", month);
  }

  /** Hash of a namespace's effective quota limits, kept current by the operator for the workers. */
  public static String quotaLimits(String namespace) {
    return String.join(":", PREFIX, "limits", name(namespace));
  }

  /** Cached audio for a canonical request key, within a cache scope (a namespace or {@link #CLUSTER_SCOPE}). */
  public static String audio(String scope, String requestKey) {
    return String.join(":", PREFIX, "audio", scope(scope), requestKey);
  }

  /** In-flight lock: one worker synthesizes a request while others wait for its cache entry. */
  public static String inFlight(String scope, String requestKey) {
    return String.join(":", PREFIX, "inflight", scope(scope), requestKey);
  }

  private static String scope(String scope) {
    return CLUSTER_SCOPE.equals(scope) ? scope : name(scope);
  }

  private static String name(String value) {
    if (value == null || !DNS_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("not a Kubernetes object name: " + value);
    }
    return value;
  }
}
