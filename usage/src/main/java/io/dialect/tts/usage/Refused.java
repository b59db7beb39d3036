package io.dialect.tts.usage;

import java.util.Objects;

/**
 * No billed call may be made.
 *
 * @param message what is short and by how much, for the item's reason and the job's events
 */
public record Refused(RefusalReason reason, String message) implements QuotaDecision {

  public Refused {
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
  }
}
