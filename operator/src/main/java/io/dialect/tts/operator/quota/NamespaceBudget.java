package io.dialect.tts.operator.quota;

import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.usage.NamespaceUsage;
import io.dialect.tts.usage.QuotaLimits;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.dialect.tts.usage.UsageReader;
import io.dialect.tts.usage.UsageWindows;
import io.dialect.tts.usage.UsedUpLimit;
import io.dialect.tts.usage.WindowUsage;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A namespace's budget as the workers see it: the effective limits the TTSQuota reconciler published
 * in Redis and the usage counted there. Read from Redis only, so the TTSJob reconciler can ask on
 * every progress poll.
 */
public final class NamespaceBudget {
  private static final DateTimeFormatter RESET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final QuotaLimitsStore limits;
  private final UsageReader usage;
  private final Clock clock;

  public NamespaceBudget(QuotaLimitsStore limits, UsageReader usage, Clock clock) {
    this.limits = limits;
    this.usage = usage;
    this.clock = clock;
  }

  /** The usage in the windows of now, seen from the zone. */
  public NamespaceUsage usage(String namespace, QuotaLimits quota) {
    return usage.read(namespace, UsageWindows.at(clock.instant(), quota.timeZone()));
  }

  /**
   * Under hard enforcement, why the namespace's running jobs must pause: a daily or monthly limit is
   * used up. Empty under soft enforcement, without a quota, or with budget left.
   */
  public Optional<String> exhausted(String namespace) {
    Optional<QuotaLimits> published = limits.read(namespace);
    if (published.isEmpty() || published.get().enforcement() != Enforcement.HARD) {
      return Optional.empty();
    }
    QuotaLimits quota = published.get();
    NamespaceUsage used = usage(namespace, quota);
    return usedUp("monthly", quota.monthly(), used.month(), used.windows().monthEnd())
        .or(() -> usedUp("daily", quota.daily(), used.day(), used.windows().dayEnd()));
  }

  /**
   * Why a job whose item the ledger refused must pause: the limit it did not fit in ({@code token}, a
   * {@link UsedUpLimit}) still has the same value in the same window. Empty once the window reset or the
   * limit changed (the job's items may fit now), under soft enforcement, or without a quota.
   */
  public Optional<String> refusalStands(String namespace, String token) {
    Optional<UsedUpLimit> refused = UsedUpLimit.parse(token);
    Optional<QuotaLimits> published = limits.read(namespace);
    if (refused.isEmpty() || published.isEmpty() || published.get().enforcement() != Enforcement.HARD) {
      return Optional.empty();
    }
    QuotaLimits quota = published.get();
    NamespaceUsage used = usage(namespace, quota);
    UsedUpLimit limit = refused.get();
    boolean daily = limit.usageKey().equals(used.windows().dailyKey(namespace));
    if (!daily && !limit.usageKey().equals(used.windows().monthlyKey(namespace))) {
      return Optional.empty();
    }
    QuotaLimits.Limit current = daily ? quota.daily() : quota.monthly();
    boolean characters = "characters".equals(limit.kind());
    OptionalLong value = characters ? current.characters() : current.requests();
    if (value.isEmpty() || value.getAsLong() != limit.limit()) {
      return Optional.empty();
    }
    WindowUsage window = daily ? used.day() : used.month();
    return Optional.of(("the job's next items do not fit what is left of the namespace's %s %s limit (%s of %s "
        + "used); resumes at %s or when the TTSQuota's limit is raised").formatted(daily ? "daily" : "monthly",
        characters ? "character" : "request", count(characters ? window.characters() : window.requests()),
        count(limit.limit()), resetText(daily ? used.windows().dayEnd() : used.windows().monthEnd())));
  }

  private static Optional<String> usedUp(String window, QuotaLimits.Limit limit, WindowUsage used,
      ZonedDateTime reset) {
    return usedUp(window, "character", limit.characters(), used.characters(), reset)
        .or(() -> usedUp(window, "request", limit.requests(), used.requests(), reset));
  }

  private static Optional<String> usedUp(String window, String kind, OptionalLong limit, long used,
      ZonedDateTime reset) {
    if (limit.isEmpty() || used < limit.getAsLong()) {
      return Optional.empty();
    }
    return Optional.of(("the namespace used its %s %s limit (%s of %s); resumes at %s or when the TTSQuota's limit "
        + "is raised").formatted(window, kind, count(used), count(limit.getAsLong()), resetText(reset)));
  }

  static String resetText(ZonedDateTime reset) {
    return RESET.format(reset) + " " + reset.getZone().getId();
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
