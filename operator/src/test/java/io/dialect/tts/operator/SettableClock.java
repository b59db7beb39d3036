package io.dialect.tts.operator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves, e.g. past midnight in a quota's zone. */
final class SettableClock extends Clock {
  private volatile Instant now;

  SettableClock(String instant) {
    this.now = Instant.parse(instant);
  }

  void set(String instant) {
    now = Instant.parse(instant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
