package io.dialect.tts.operator.events;

/**
 * Why the operator tells a user something about a TTSJob or TTSQuota; Warning for what a user must act on. An Event
 * about a condition carries the condition's reason, so {@code kubectl describe} and {@code kubectl get -o yaml} agree.
 */
public enum EventReason {
  Admitted(EventType.Normal),
  /** Admitted=False reasons (ConditionTypes): the quota holds the job back for now. */
  WaitingForQuota(EventType.Warning),
  ExceedsMaxQuota(EventType.Warning),
  DialectNotAllowed(EventType.Warning),
  Started(EventType.Normal),
  /** No worker pod runs and a kubelet cannot start one (missing Secret, image pull, scheduling). */
  WorkerPodsNotStarting(EventType.Warning),
  Degraded(EventType.Warning),
  Completed(EventType.Normal),
  Failed(EventType.Warning),
  InvalidSpec(EventType.Warning),
  Misconfigured(EventType.Warning),
  /** A TTSQuota's usage passed one of its alert thresholds (once per threshold and window). */
  ThresholdReached(EventType.Warning),
  /** A hard quota is used up: the namespace's running jobs are suspended until the window resets or the limit rises. */
  QuotaExhausted(EventType.Warning),
  /** The jobs suspended by a used-up quota run again. */
  QuotaResumed(EventType.Normal);

  public enum EventType { Normal, Warning }

  private final EventType type;

  EventReason(EventType type) {
    this.type = type;
  }

  public EventType type() {
    return type;
  }

  /** The Event reason of a condition reason; every reason a job can be refused admission for has one. */
  public static EventReason ofCondition(String conditionReason) {
    return valueOf(conditionReason);
  }
}
