package io.dialect.tts.usage;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Usage reserved for one billed request; settle it with {@link QuotaLedger#commit} or
 * {@link QuotaLedger#refund}.
 *
 * @param token identifies the reservation, so it can be settled only once
 * @param windows where the usage was counted; empty when it was not counted at all (Redis was
 *     unreachable and the ledger fails open)
 * @param notice what the item's reason should say about the quota, e.g. that it was not checked or
 *     that a soft limit is exceeded; empty when nothing is worth saying
 */
public record Reservation(UUID token, String namespace, long characters, Optional<UsageWindows> windows,
    Optional<String> notice) implements QuotaDecision {

  public Reservation {
    Objects.requireNonNull(token);
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(windows);
    Objects.requireNonNull(notice);
  }

  /** Whether the usage was counted in Redis (false only when failing open). */
  public boolean counted() {
    return windows.isPresent();
  }
}
