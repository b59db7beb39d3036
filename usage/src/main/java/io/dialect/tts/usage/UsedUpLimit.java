package io.dialect.tts.usage;

import java.util.Objects;
import java.util.Optional;

/**
 * A hard limit a billed request did not fit in: the usage window's hash, the kind (characters or
 * requests) and the limit's value at the time. While the same window is current and the limit has the
 * same value, asking again is refused again; a new window or a raised limit ends it.
 *
 * @param usageKey the window's usage hash, e.g. tts:usage:team-a:day:2026-11-25
 * @param kind     {@code characters} or {@code requests}
 */
public record UsedUpLimit(String usageKey, String kind, long limit) {
  private static final String SEPARATOR = "|";

  public UsedUpLimit {
    Objects.requireNonNull(usageKey);
    Objects.requireNonNull(kind);
  }

  /** One string, to keep in Redis beside a job's progress. */
  public String token() {
    return usageKey + SEPARATOR + kind + SEPARATOR + limit;
  }

  public static Optional<UsedUpLimit> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\|");
    try {
      return parts.length == 3 ? Optional.of(new UsedUpLimit(parts[0], parts[1], Long.parseLong(parts[2])))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
