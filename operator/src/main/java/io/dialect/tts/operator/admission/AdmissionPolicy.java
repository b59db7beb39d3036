package io.dialect.tts.operator.admission;

import io.dialect.tts.api.v1alpha1.TTSJob;

/** Decides whether a valid job may start now, and how wide (e.g. against the namespace's TTSQuota). */
public interface AdmissionPolicy {
  AdmissionDecision admit(TTSJob job);
}
