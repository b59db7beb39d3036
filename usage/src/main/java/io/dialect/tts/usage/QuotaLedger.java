package io.dialect.tts.usage;

/**
 * The namespace's usage ledger, consulted before every billed upstream call. Usage is reserved up
 * front (so concurrent workers can never jointly overshoot a hard limit), then either committed
 * when the upstream call was made or refunded when it failed without being billed.
 *
 * <p>Every {@link Reservation} must be settled exactly once, by {@link #commit} or {@link #refund}.
 */
public interface QuotaLedger {

  /**
   * Checks the namespace's daily and monthly limits for one request of {@code characters} and, when
   * allowed, counts it in both windows.
   *
   * @return a {@link Reservation} to settle after the call, or {@link Refused} saying what is short
   */
  QuotaDecision reserve(String namespace, long characters);

  /**
   * The upstream calls were made and billed: the usage counts what they came to, which may be more than
   * was reserved (a failover that billed part of the text twice, retries and chunks that made several
   * calls). Never refused: it already happened.
   *
   * @param billedCharacters characters the providers billed for the item
   * @param upstreamCalls    calls made to billed providers for the item
   */
  void commit(Reservation reservation, long billedCharacters, int upstreamCalls);

  /** The item was billed exactly as reserved, in one call. */
  default void commit(Reservation reservation) {
    commit(reservation, reservation.characters(), 1);
  }

  /**
   * The upstream call failed and was not billed: returns exactly the reserved characters and request
   * to the windows they were counted in, even when those windows have since ended.
   */
  void refund(Reservation reservation);

  /** Counts an item served from a cache; free, never refused. */
  void recordCacheHit(String namespace);
}
