package io.dialect.tts.usage;

import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.usage.QuotaLimits.Limit;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What several TTSQuotas of one namespace enforce together: the strictest of each, as ResourceQuota does.
 *
 * <ul>
 *   <li>each limit (daily/monthly characters/requests, maxConcurrentJobs, maxParallelismPerJob): the
 *       smallest one set; a limit no quota sets is no limit;
 *   <li>allowed dialects and voices: the intersection of the quotas that restrict them (an empty list
 *       restricts nothing); two quotas with disjoint lists allow nothing;
 *   <li>enforcement: {@code hard} if any quota is hard;
 *   <li>time zone: that of the quota with the smallest daily character limit (then the smallest daily
 *       request limit, then the first quota by name), so the tightest budget resets when its owner said.
 * </ul>
 *
 * @param allowedDialects empty: every dialect; present: only these (possibly none)
 * @param allowedVoices empty: every voice of the allowed dialects; present: only these (possibly none)
 */
public record EffectiveQuota(QuotaLimits limits, OptionalInt maxConcurrentJobs, OptionalInt maxParallelismPerJob,
    Optional<Set<String>> allowedDialects, Optional<Set<String>> allowedVoices) {

  /**
   * Merges the namespace's quotas; empty when it has none.
   *
   * @throws IllegalArgumentException naming the quota when one is unusable (e.g. an unknown time zone)
   */
  public static Optional<EffectiveQuota> merge(List<TTSQuota> quotas) {
    if (quotas.isEmpty()) {
      return Optional.empty();
    }
    List<TTSQuota> byName = quotas.stream().sorted(Comparator.comparing(q -> q.getMetadata().getName())).toList();
    List<TTSQuotaSpec> specs = byName.stream().map(EffectiveQuota::spec).toList();
    for (TTSQuota quota : byName) {
      zone(quota);
    }
    Limit daily = new Limit(smallest(specs, s -> s.getDaily() == null ? null : s.getDaily().getCharacters()),
        smallest(specs, s -> s.getDaily() == null ? null : s.getDaily().getRequests()));
    Limit monthly = new Limit(smallest(specs, s -> s.getMonthly() == null ? null : s.getMonthly().getCharacters()),
        smallest(specs, s -> s.getMonthly() == null ? null : s.getMonthly().getRequests()));
    Enforcement enforcement = specs.stream().anyMatch(s -> s.effectiveEnforcement() == Enforcement.HARD)
        ? Enforcement.HARD : Enforcement.SOFT;
    TTSQuota zoneOwner = byName.stream()
        .min(Comparator.comparing((TTSQuota q) -> dailyOf(q, true)).thenComparing(q -> dailyOf(q, false)))
        .orElseThrow();
    return Optional.of(new EffectiveQuota(new QuotaLimits(daily, monthly, enforcement, zone(zoneOwner)),
        smallestInt(specs, TTSQuotaSpec::getMaxConcurrentJobs), smallestInt(specs, TTSQuotaSpec::getMaxParallelismPerJob),
        intersection(specs, TTSQuotaSpec::getAllowedDialects), intersection(specs, TTSQuotaSpec::getAllowedVoices)));
  }

  /** The zone a quota names, with a message a platform admin can act on when it is not a zone. */
  public static ZoneId zone(TTSQuota quota) {
    String id = spec(quota).effectiveTimeZone();
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("TTSQuota " + quota.getMetadata().getName() + ": spec.timeZone \"" + id
          + "\" is not an IANA time zone (e.g. Asia/Shanghai, UTC)", e);
    }
  }

  public boolean dialectAllowed(String dialect) {
    return allowedDialects.map(s -> s.contains(dialect)).orElse(true);
  }

  public boolean voiceAllowed(String voice) {
    return allowedVoices.map(s -> s.contains(voice)).orElse(true);
  }

  private static TTSQuotaSpec spec(TTSQuota quota) {
    return quota.getSpec() == null ? new TTSQuotaSpec() : quota.getSpec();
  }

  private static long dailyOf(TTSQuota quota, boolean characters) {
    var daily = spec(quota).getDaily();
    Long value = daily == null ? null : characters ? daily.getCharacters() : daily.getRequests();
    return value == null ? Long.MAX_VALUE : value;
  }

  private static OptionalLong smallest(List<TTSQuotaSpec> specs, Function<TTSQuotaSpec, Long> limit) {
    return specs.stream().map(limit).filter(v -> v != null).mapToLong(Long::longValue).min();
  }

  private static OptionalInt smallestInt(List<TTSQuotaSpec> specs, Function<TTSQuotaSpec, Integer> limit) {
    return specs.stream().map(limit).filter(v -> v != null).mapToInt(Integer::intValue).min();
  }

  private static Optional<Set<String>> intersection(List<TTSQuotaSpec> specs, Function<TTSQuotaSpec, List<String>> list) {
    Optional<Set<String>> result = Optional.empty();
    for (TTSQuotaSpec spec : specs) {
      List<String> allowed = list.apply(spec);
      if (allowed == null || allowed.isEmpty()) {
        continue;
      }
      Set<String> these = new LinkedHashSet<>(allowed);
      result = Optional.of(result.<Set<String>>map(r -> r.stream().filter(these::contains)
          .collect(Collectors.toSet())).orElse(these));
    }
    return result.map(Set::copyOf);
  }
}
