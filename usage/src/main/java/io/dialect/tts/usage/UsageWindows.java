package io.dialect.tts.usage;

import io.dialect.tts.api.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The daily and monthly usage windows containing one day in a quota's time zone, e.g. the day
 * "2026-11-25" and the month "2026-11" in Asia/Shanghai.
 */
public record UsageWindows(LocalDate day, ZoneId zone) {
  /** The zone of a namespace without a quota, or whose quota names none. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
  /** How long a window's counters outlive the window, so status and late refunds still find them. */
  public static final Duration DAILY_GRACE = Duration.ofDays(2);
  public static final Duration MONTHLY_GRACE = Duration.ofDays(31);

  public UsageWindows {
    Objects.requireNonNull(day);
    Objects.requireNonNull(zone);
  }

  /** The windows the instant falls in, seen from the zone. */
  public static UsageWindows at(Instant instant, ZoneId zone) {
    return new UsageWindows(LocalDate.ofInstant(instant, zone), zone);
  }

  /** The daily window's name, e.g. "2026-11-25". */
  public String dayName() {
    return day.toString();
  }

  /** The monthly window's name, e.g. "2026-11". */
  public String monthName() {
    return YearMonth.from(day).toString();
  }

  public String dailyKey(String namespace) {
    return RedisKeys.dailyUsage(namespace, dayName());
  }

  public String monthlyKey(String namespace) {
    return RedisKeys.monthlyUsage(namespace, monthName());
  }

  /** When the daily window ends (the next midnight in the zone). */
  public ZonedDateTime dayEnd() {
    return day.plusDays(1).atStartOfDay(zone);
  }

  /** When the monthly window ends (midnight of the next month's first day in the zone). */
  public ZonedDateTime monthEnd() {
    return YearMonth.from(day).plusMonths(1).atDay(1).atStartOfDay(zone);
  }
}
