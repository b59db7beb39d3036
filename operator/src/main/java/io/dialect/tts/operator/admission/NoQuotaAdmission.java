package io.dialect.tts.operator.admission;

import io.dialect.tts.api.v1alpha1.TTSJob;

/** Admission without quotas: every valid job starts, capped only by the operator's maximum parallelism. */
public final class NoQuotaAdmission implements AdmissionPolicy {
  @Override
  public AdmissionDecision admit(TTSJob job) {
    return AdmissionDecision.admit(Integer.MAX_VALUE);
  }
}
