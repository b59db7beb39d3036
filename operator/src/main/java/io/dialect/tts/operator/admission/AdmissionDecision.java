package io.dialect.tts.operator.admission;

import io.dialect.tts.operator.status.Rejection;
import java.util.Optional;

/**
 * Admitted with a parallelism cap, or not admitted with a Kueue-style reason (e.g. WaitingForQuota)
 * and a message saying what is short.
 */
public record AdmissionDecision(Optional<Rejection> rejection, int parallelismCap) {
  public static AdmissionDecision admit(int parallelismCap) {
    return new AdmissionDecision(Optional.empty(), parallelismCap);
  }

  public static AdmissionDecision reject(String reason, String message) {
    return new AdmissionDecision(Optional.of(new Rejection(reason, message)), 0);
  }
}
