package io.dialect.tts.worker.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dialect.tts.usage.WhenRedisUnavailable;
import java.util.Locale;

/**
 * The {@code quota:} section: {@code whenRedisUnavailable: fail-closed} (default: no billed call that
 * nobody counts) or {@code fail-open} (bill on, uncounted, and say so in the item's reason).
 */
public record QuotaSettings(WhenRedisUnavailable whenRedisUnavailable) {

  @JsonCreator
  static QuotaSettings bind(@JsonProperty("whenRedisUnavailable") String whenRedisUnavailable) {
    if (whenRedisUnavailable == null) {
      return defaults();
    }
    return switch (whenRedisUnavailable.toLowerCase(Locale.ROOT)) {
      case "fail-closed" -> new QuotaSettings(WhenRedisUnavailable.FAIL_CLOSED);
      case "fail-open" -> new QuotaSettings(WhenRedisUnavailable.FAIL_OPEN);
      default -> throw new IllegalArgumentException("quota.whenRedisUnavailable must be fail-closed or fail-open, was "
          + whenRedisUnavailable);
    };
  }

  public static QuotaSettings defaults() {
    return new QuotaSettings(WhenRedisUnavailable.FAIL_CLOSED);
  }
}
