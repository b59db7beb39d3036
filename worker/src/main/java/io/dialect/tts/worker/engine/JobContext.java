package io.dialect.tts.worker.engine;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import java.util.List;
import java.util.Objects;

/**
 * Whom an item is synthesized for and how: the tenant (namespace: its quota, its cache scope), the job
 * (for audit), the job's defaults and provider order, whether it may use the caches, and where its
 * billing is counted. In the gateway all of it comes from the caller's verified identity and the
 * TTSJob as the API server has it, never from the request.
 */
public record JobContext(String namespace, String jobName, JobDefaults defaults, List<String> providerOrder,
    boolean cacheEnabled, BillingMeter billing) {

  public JobContext {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(defaults, "defaults");
    providerOrder = providerOrder == null ? List.of() : List.copyOf(providerOrder);
    Objects.requireNonNull(billing, "billing");
  }

  /** A TTSJob's context. */
  public static JobContext of(TTSJob job, VoiceCatalog catalog, BillingMeter billing) {
    TTSJobSpec spec = job.getSpec();
    return new JobContext(job.getMetadata().getNamespace(), job.getMetadata().getName(),
        new JobDefaults(spec, catalog), spec.getProviders(), spec.cacheEnabled(), billing);
  }
}
