package io.dialect.tts.operator.admission;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import java.util.List;

/** Decides whether a valid job may start now, and how wide (e.g. against the namespace's TTSQuota). */
public interface AdmissionPolicy {
  /**
   * @param namespaceJobs the TTSJobs of the job's namespace, and {@code quotas} its TTSQuotas, as the
   *                      operator's informers have them: a decision reads no list from the API server
   *                      (a thousand jobs admitted at once would otherwise list the namespace a thousand times)
   */
  AdmissionDecision admit(TTSJob job, List<TTSJob> namespaceJobs, List<TTSQuota> quotas);
}
