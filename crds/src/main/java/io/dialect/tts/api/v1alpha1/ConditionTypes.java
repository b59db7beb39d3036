package io.dialect.tts.api.v1alpha1;

/**
 * Condition types and reasons of both kinds: the contract for {@code kubectl wait} and GitOps health
 * checks, so they are defined once here.
 */
public final class ConditionTypes {
  // TTSJob
  public static final String ADMITTED = "Admitted";
  public static final String RUNNING = "Running";
  public static final String DEGRADED = "Degraded";
  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";

  // TTSQuota
  public static final String THRESHOLD_REACHED = "ThresholdReached";
  public static final String EXCEEDED = "Exceeded";
  /** The namespace's limits are in Redis for the gateway and the usage was read from there. */
  public static final String LIMITS_PUBLISHED = "LimitsPublished";

  /** Why a job is not admitted (Admitted=False), in the manner of Kueue. */
  public static final String REASON_WAITING_FOR_QUOTA = "WaitingForQuota";
  public static final String REASON_EXCEEDS_MAX_QUOTA = "ExceedsMaxQuota";
  public static final String REASON_DIALECT_NOT_ALLOWED = "DialectNotAllowed";
  public static final String REASON_MISCONFIGURED = "Misconfigured";
  /** The spec passed the schema but not the operator's semantic checks (catalog, references, output place). */
  public static final String REASON_INVALID_SPEC = "InvalidSpec";

  private ConditionTypes() {
  }
}
