package io.dialect.tts.worker.quota;

/** The outcome of {@link QuotaLedger#reserve}: a {@link Reservation} or a {@link Refused}. */
public sealed interface QuotaDecision permits Reservation, Refused {
}
