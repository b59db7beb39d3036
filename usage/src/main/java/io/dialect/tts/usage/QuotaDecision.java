package io.dialect.tts.usage;

/** The outcome of {@link QuotaLedger#reserve}: a {@link Reservation} or a {@link Refused}. */
public sealed interface QuotaDecision permits Reservation, Refused {
}
