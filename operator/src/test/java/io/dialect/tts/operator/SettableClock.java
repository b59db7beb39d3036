package io.dialect.tts.operator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves, e.g. past midnight in a quota's zone. Between moves it runs as the system's does:
 * the operator's status writes are paced by it.
 */
final class SettableClock extends Clock {
  private record Setting(Instant instant, long nanoTime) {
  }

  private volatile Setting setting;

  SettableClock(String instant) {
    set(instant);
  }

  void set(String instant) {
    setting = new Setting(Instant.parse(instant), System.nanoTime());
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
    Setting at = setting;
    return at.instant().plusNanos(System.nanoTime() - at.nanoTime());
  }
}
