package io.dialect.tts.usage;

import io.dialect.tts.api.RedisKeys.LimitField;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A namespace's effective limits as the operator publishes them in the limits hash
 * ({@link io.dialect.tts.api.RedisKeys#quotaLimits}) and the reservation script reads them.
 */
public record QuotaLimits(Limit daily, Limit monthly, Enforcement enforcement, ZoneId timeZone) {

  public QuotaLimits {
    Objects.requireNonNull(daily);
    Objects.requireNonNull(monthly);
    Objects.requireNonNull(enforcement);
    // "UTC" rather than "Z": the name the CRD defaults to and the script assumes for an absent zone
    timeZone = timeZone.equals(ZoneOffset.UTC) ? UsageWindows.DEFAULT_ZONE : timeZone;
  }

  /** Limits of one window; an empty value means no limit of that kind. */
  public record Limit(OptionalLong characters, OptionalLong requests) {
    public static final Limit NONE = new Limit(OptionalLong.empty(), OptionalLong.empty());

    public Limit {
      Objects.requireNonNull(characters);
      Objects.requireNonNull(requests);
    }

    public static Limit characters(long characters) {
      return new Limit(OptionalLong.of(characters), OptionalLong.empty());
    }

    public static Limit requests(long requests) {
      return new Limit(OptionalLong.empty(), OptionalLong.of(requests));
    }

    public static Limit of(long characters, long requests) {
      return new Limit(OptionalLong.of(characters), OptionalLong.of(requests));
    }

    static Limit from(UsageLimit limit) {
      return limit == null ? NONE : new Limit(optional(limit.getCharacters()), optional(limit.getRequests()));
    }

    private static OptionalLong optional(Long value) {
      return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
  }

  /** The limits one TTSQuota spec sets, with the CRD's defaults (hard, UTC) for empty fields. */
  public static QuotaLimits from(TTSQuotaSpec spec) {
    return new QuotaLimits(Limit.from(spec.getDaily()), Limit.from(spec.getMonthly()), spec.effectiveEnforcement(),
        ZoneId.of(spec.effectiveTimeZone()));
  }

  /** The hash's fields; limits that are not set are left out. */
  public Map<String, String> toHash() {
    Map<String, String> hash = new LinkedHashMap<>();
    put(hash, LimitField.DAILY_CHARACTERS, daily.characters());
    put(hash, LimitField.DAILY_REQUESTS, daily.requests());
    put(hash, LimitField.MONTHLY_CHARACTERS, monthly.characters());
    put(hash, LimitField.MONTHLY_REQUESTS, monthly.requests());
    hash.put(LimitField.ENFORCEMENT, enforcement.name().toLowerCase(Locale.ROOT));
    hash.put(LimitField.TIME_ZONE, timeZone.getId());
    return hash;
  }

  /** Reads the hash's fields; absent fields mean no limit, hard enforcement and UTC, as the script reads them. */
  public static QuotaLimits fromHash(Map<String, String> hash) {
    return new QuotaLimits(
        new Limit(parse(hash, LimitField.DAILY_CHARACTERS), parse(hash, LimitField.DAILY_REQUESTS)),
        new Limit(parse(hash, LimitField.MONTHLY_CHARACTERS), parse(hash, LimitField.MONTHLY_REQUESTS)),
        "soft".equals(hash.get(LimitField.ENFORCEMENT)) ? Enforcement.SOFT : Enforcement.HARD,
        Optional.ofNullable(hash.get(LimitField.TIME_ZONE)).map(ZoneId::of).orElse(UsageWindows.DEFAULT_ZONE));
  }

  private static void put(Map<String, String> hash, String field, OptionalLong value) {
    value.ifPresent(v -> hash.put(field, Long.toString(v)));
  }

  private static OptionalLong parse(Map<String, String> hash, String field) {
    String value = hash.get(field);
    return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
  }
}
