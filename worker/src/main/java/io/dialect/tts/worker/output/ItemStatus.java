package io.dialect.tts.worker.output;

/** How an item ended; the name is the manifest's {@code status}. */
public enum ItemStatus {
  /** Audio written (synthesized, from a cache, or already in the output from an earlier run). */
  Succeeded,
  /** Synthesis failed (provider errors after retries and failover, unknown voice...). */
  Failed,
  /** Not synthesized because of its input: invalid entry or content policy. */
  Rejected,
  /** Not synthesized because the namespace's quota was used up. */
  QuotaExceeded
}
