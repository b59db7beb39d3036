package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.v1alpha1.TTSJob;

/**
 * A worker pod's place in an admitted TTSJob, as the API server has it: the TTSJob (its spec, name and
 * uid), its worker Job's name, the pod's completion index, and how many indexes the worker Job has.
 */
public record Shard(TTSJob job, String workerJob, int index, int count) {
  public String namespace() {
    return job.getMetadata().getNamespace();
  }

  public String jobName() {
    return job.getMetadata().getName();
  }

  public String jobUid() {
    return job.getMetadata().getUid();
  }
}
