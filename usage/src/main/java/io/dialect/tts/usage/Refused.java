package io.dialect.tts.usage;

import java.util.Objects;
import java.util.Optional;

/**
 * No billed call may be made.
 *
 * @param message what is short and by how much, for the item's reason and the job's events
 * @param usedUp  the hard limit the request did not fit in; empty when the ledger could not be asked
 */
public record Refused(RefusalReason reason, String message, Optional<UsedUpLimit> usedUp) implements QuotaDecision {

  public Refused {
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
    Objects.requireNonNull(usedUp);
  }

  /** A refusal without a limit to name (the ledger could not be asked). */
  public Refused(RefusalReason reason, String message) {
    this(reason, message, Optional.empty());
  }
}
