package io.dialect.tts.api.v1alpha1;

/** Where a TTSJob is in its life; derived by the operator from the facts in status. */
public enum JobPhase {
  Pending, Queued, Running, Succeeded, Failed, Suspended;

  public boolean isFinished() {
    return this == Succeeded || this == Failed;
  }
}
