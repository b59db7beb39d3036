package io.dialect.tts.operator.status;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps at second precision, as Kubernetes writes them. */
public final class Timestamps {
  private Timestamps() {
  }

  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  public static Instant parse(String value) {
    return Instant.parse(value);
  }
}
