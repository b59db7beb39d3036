package io.dialect.tts.operator.quota;

import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.status.Conditions;
import io.dialect.tts.operator.status.StatusCalculator;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;

/**
 * How many of a namespace's TTSJobs are admitted and not finished, for the TTSQuota's status, read from
 * the TTSJob controller's informer cache: a quota is looked at every poll period, and listing its
 * namespace's TTSJobs from the API server each time would cost a full list per quota per period.
 */
public final class ActiveJobs {
  private volatile IndexedResourceCache<TTSJob> jobs;

  /** The TTSJob controller's cache, handed over when it prepares its event sources. */
  public void readFrom(IndexedResourceCache<TTSJob> jobs) {
    this.jobs = jobs;
  }

  /** 0 until the TTSJob controller has its cache. */
  public int in(String namespace) {
    IndexedResourceCache<TTSJob> cache = jobs;
    return cache == null ? 0 : (int) cache.list(namespace)
        .filter(j -> !StatusCalculator.isFinished(j)
            && Conditions.isTrue(j.getStatus() == null ? null : j.getStatus().getConditions(), ConditionTypes.ADMITTED))
        .count();
  }
}
