package io.dialect.tts.operator.events;

/** Why the operator tells a user something about a TTSJob; Warning for what a user must act on. */
public enum EventReason {
  Admitted(EventType.Normal),
  /** Valid, but admission (quota) holds it back for now. */
  NotAdmitted(EventType.Warning),
  Started(EventType.Normal),
  Degraded(EventType.Warning),
  Completed(EventType.Normal),
  Failed(EventType.Warning),
  InvalidSpec(EventType.Warning),
  Misconfigured(EventType.Warning);

  public enum EventType { Normal, Warning }

  private final EventType type;

  EventReason(EventType type) {
    this.type = type;
  }

  public EventType type() {
    return type;
  }
}
