package io.dialect.tts.api;

import java.util.Objects;
import java.util.Optional;
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
   * Fields of a shard's progress hash (written by the gateway, summed over shards by the operator). A
   * shard's pod reports its running totals, which replace its earlier ones; a shard's next pod clears the
   * item counts of the pods before it and recounts, so a retried shard never counts an item twice. What
   * was billed is never cleared.
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
    /** Items the shard's pod holds now because the quota ledger refused them (it asks again later). */
    public static final String HELD = "held";
    /**
     * Separates a field's name from its writer: {@code succeeded@<pod uid>}, {@code characters.billed@<gateway
     * replica>}. Each writer sets its own running total (idempotent, so a retried write cannot count twice);
     * a field's value is the sum over its writers.
     */
    public static final String WRITER_SEPARATOR = "@";

    private ProgressField() {
    }

    /** The field's name without its writer: {@code succeeded@abc} and {@code succeeded} are both succeeded. */
    public static String baseName(String field) {
      int at = field.indexOf(WRITER_SEPARATOR);
      return at < 0 ? field : field.substring(0, at);
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

  /**
   * The limit the quota ledger last refused one of the job's items for (a {@code UsedUpLimit} token): the
   * operator keeps the job suspended while that limit stands in that window.
   */
  public static String quotaRefusal(String namespace, String jobName, String jobUid) {
    return String.join(":", PREFIX, "progress", name(namespace), name(jobName), Objects.requireNonNull(jobUid),
        "refused");
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

  /** Pattern matching every progress key of one TTSJob (by uid: not those of a namesake created later). */
  public static String jobProgressPattern(String namespace, String jobName, String jobUid) {
    return String.join(":", PREFIX, "progress", name(namespace), name(jobName), Objects.requireNonNull(jobUid), "*");
  }

  /** What every usage window hash of the namespace starts with. */
  public static String usagePrefix(String namespace) {
    return String.join(":", PREFIX, "usage", name(namespace)) + ":";
  }

  /** Every usage window hash of every namespace (for SCAN). */
  public static final String USAGE_PATTERN = PREFIX + ":usage:*";

  /** Hash of a namespace's usage in a daily window, e.g. window "2026-11-25". */
  public static String dailyUsage(String namespace, String day) {
    return String.join(":", PREFIX, "usage", name(namespace), "day", day);
  }

  /**
   * A reservation counted in a namespace's usage and not yet settled (a short-lived marker, by the
   * reservation's token): settling applies its deltas only while the marker is there, so a settlement
   * repeated after a lost answer counts once.
   */
  public static String reservation(String namespace, String token) {
    return String.join(":", PREFIX, "reservation", name(namespace), Objects.requireNonNull(token));
  }

  /** Hash of a namespace's usage in a monthly window, e.g. window "2026-11". */
  public static String monthlyUsage(String namespace, String month) {
    return String.join(":", PREFIX, "usage", name(namespace), "month", month);
  }

  /** Hash of a namespace's effective quota limits, kept current by the operator for the workers. */
  public static String quotaLimits(String namespace) {
    return String.join(":", PREFIX, "limits", name(namespace));
  }

  /** Every namespace's limits hash (for SCAN); {@link #namespaceOfQuotaLimits} reads a key's namespace. */
  public static final String QUOTA_LIMITS_PATTERN = PREFIX + ":limits:*";

  /** The namespace of a {@link #quotaLimits} key; empty for any other key. */
  public static Optional<String> namespaceOfQuotaLimits(String key) {
    String prefix = PREFIX + ":limits:";
    if (!key.startsWith(prefix)) {
      return Optional.empty();
    }
    String namespace = key.substring(prefix.length());
    return DNS_NAME.matcher(namespace).matches() ? Optional.of(namespace) : Optional.empty();
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
