package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.Set;

/** {@link JobRecords} read from the API server (RBAC: get on ttsjobs and jobs, which the gateway has). */
public final class KubernetesJobRecords implements JobRecords {
  private final KubernetesClient client;

  public KubernetesJobRecords(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean exists(Shard shard) {
    TTSJob job = client.resources(TTSJob.class).inNamespace(shard.namespace()).withName(shard.jobName()).get();
    return job != null && shard.jobUid().equals(job.getMetadata().getUid());
  }

  @Override
  public Set<Integer> completedIndexes(Shard shard) {
    Job job = client.batch().v1().jobs().inNamespace(shard.namespace()).withName(shard.workerJob()).get();
    return job == null || job.getStatus() == null ? Set.of() : parse(job.getStatus().getCompletedIndexes());
  }

  /** The Job controller's compressed list, e.g. "1,3-5,7". */
  static Set<Integer> parse(String indexes) {
    Set<Integer> parsed = new HashSet<>();
    if (indexes == null || indexes.isBlank()) {
      return parsed;
    }
    for (String range : indexes.split(",")) {
      String[] ends = range.trim().split("-");
      int from = Integer.parseInt(ends[0]);
      int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
      for (int i = from; i <= to; i++) {
        parsed.add(i);
      }
    }
    return parsed;
  }
}
