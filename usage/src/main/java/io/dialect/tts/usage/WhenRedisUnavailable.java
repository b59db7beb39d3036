package io.dialect.tts.usage;

/** What the ledger does when Redis cannot be asked. */
public enum WhenRedisUnavailable {
  /** Refuse billed calls ({@link RefusalReason#QUOTA_UNAVAILABLE}): no spending that nobody counts. */
  FAIL_CLOSED,
  /** Let billed calls through uncounted and say so in the item's reason. */
  FAIL_OPEN
}
