package io.dialect.tts.worker.pipeline;

import io.dialect.tts.usage.QuotaDecision;
import io.dialect.tts.usage.QuotaLedger;
import io.dialect.tts.usage.RefusalReason;
import io.dialect.tts.usage.Refused;
import io.dialect.tts.usage.Reservation;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One job's view of its namespace's usage ledger. Once a hard limit refuses an item, the job's later
 * items are refused here without asking Redis, so none of them is sent upstream in this window (they
 * may still be served from a cache). Without a ledger (a local run without Redis) nothing is metered.
 */
public final class JobQuota {
  private final QuotaLedger ledger;
  private final String namespace;
  /** The first hard-limit refusal of this job; later items end with the same message. */
  private final AtomicReference<Refused> exhausted = new AtomicReference<>();

  private JobQuota(QuotaLedger ledger, String namespace) {
    this.ledger = ledger;
    this.namespace = namespace;
  }

  public static JobQuota metered(QuotaLedger ledger, String namespace) {
    return new JobQuota(ledger, namespace);
  }

  /** The local run without Redis: nothing is counted or refused. */
  public static JobQuota unmetered() {
    return new JobQuota(null, null);
  }

  /** Whether items are counted at all (false only for a local run without Redis). */
  boolean metered() {
    return ledger != null;
  }

  /** Reserves an item's characters before a billed call; a {@link Refused} ends the item. */
  QuotaDecision reserve(long characters) {
    Refused latched = exhausted.get();
    if (latched != null) {
      return latched;
    }
    QuotaDecision decision = ledger.reserve(namespace, characters);
    if (decision instanceof Refused refused && refused.reason() == RefusalReason.QUOTA_EXCEEDED) {
      exhausted.compareAndSet(null, refused);
    }
    return decision;
  }

  /** Commits when a billed provider served the item, refunds otherwise (failure, or the free local engine). */
  void settle(Reservation reservation, boolean billed) {
    if (billed) {
      ledger.commit(reservation);
    } else {
      ledger.refund(reservation);
    }
  }

  void recordCacheHit() {
    if (ledger != null) {
      ledger.recordCacheHit(namespace);
    }
  }
}
