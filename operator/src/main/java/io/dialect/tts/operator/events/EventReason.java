package io.dialect.tts.operator.events;

/** Why the operator tells a user something about a TTSJob or TTSQuota; Warning for what a user must act on. */
public enum EventReason {
  Admitted(EventType.Normal),
  /** Valid, but admission (quota) holds it back for now. */
  NotAdmitted(EventType.Warning),
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
}
