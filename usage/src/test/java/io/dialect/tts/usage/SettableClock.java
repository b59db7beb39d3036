package io.dialect.tts.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, to cross midnight without waiting for it. */
final class SettableClock extends Clock {
  private volatile Instant now;

  SettableClock(String instant) {
    this.now = Instant.parse(instant);
  }

  void set(String instant) {
    now = Instant.parse(instant);
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the ledger reads instants only");
  }
}
