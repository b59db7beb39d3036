package io.dialect.tts.usage;

/** Why a reservation was refused; {@link #code()} is the item's reason as users see it. */
public enum RefusalReason {
  /** A hard daily or monthly limit would be passed. */
  QUOTA_EXCEEDED("QuotaExceeded"),
  /** Redis could not be asked and the ledger fails closed. */
  QUOTA_UNAVAILABLE("QuotaUnavailable");

  private final String code;

  RefusalReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
