package io.dialect.tts.usage;

import io.dialect.tts.api.RedisKeys;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Deletes usage windows long past. Usage hashes have no TTL, so that Redis' eviction (volatile-lru:
 * only keys with a TTL, the cache entries, may go) can never drop a namespace's count; they are removed
 * here instead, once their window ended more than its grace ago ({@link UsageWindows#DAILY_GRACE},
 * {@link UsageWindows#MONTHLY_GRACE}) plus a day for the earliest time zone.
 */
public final class UsageRetention {
  private final StatefulRedisConnection<String, String> connection;
  private final Clock clock;

  public UsageRetention(StatefulRedisConnection<String, String> connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /** Deletes the expired windows of every namespace; returns how many went. */
  public long deleteExpired() {
    RedisCommands<String, String> redis = connection.sync();
    Instant now = clock.instant();
    ScanIterator<String> keys = ScanIterator.scan(redis,
        ScanArgs.Builder.matches(RedisKeys.USAGE_PATTERN).limit(500));
    long deleted = 0;
    while (keys.hasNext()) {
      String key = keys.next();
      if (windowEnd(key).filter(now::isAfter).isPresent()) {
        deleted += redis.del(key);
      }
    }
    return deleted;
  }

  /** When the key's window stops being kept; empty for a key this class does not know how to read. */
  static Optional<Instant> windowEnd(String key) {
    String[] parts = key.split(":");
    if (parts.length != 5) {
      return Optional.empty();
    }
    try {
      // Windows end at midnight of their quota's zone; UTC-12 is the latest any zone's midnight comes.
      Instant latestMidnight;
      if ("day".equals(parts[3])) {
        latestMidnight = LocalDate.parse(parts[4]).plusDays(1).atStartOfDay(ZoneOffset.ofHours(-12)).toInstant();
        return Optional.of(latestMidnight.plus(UsageWindows.DAILY_GRACE));
      }
      if ("month".equals(parts[3])) {
        latestMidnight = YearMonth.parse(parts[4]).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.ofHours(-12))
            .toInstant();
        return Optional.of(latestMidnight.plus(UsageWindows.MONTHLY_GRACE));
      }
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
