package io.dialect.tts.operator.launch;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Creates a job's ConfigMap and indexed worker Job, and keeps the Job's {@code suspend} in step.
 * Creation is idempotent: the names are deterministic and "already exists" means an earlier
 * reconciliation (or operator instance) created them.
 */
public final class WorkerLauncher {
  private final KubernetesClient client;
  private final JobConfigMapBuilder configMaps;
  private final WorkerJobBuilder jobs;

  public WorkerLauncher(KubernetesClient client, JobConfigMapBuilder configMaps, WorkerJobBuilder jobs) {
    this.client = client;
    this.configMaps = configMaps;
    this.jobs = jobs;
  }

  public Job launch(TTSJob job, ShardPlan plan, Optional<String> providerConfigYaml) {
    createIfAbsent(configMaps.build(job, providerConfigYaml));
    return createIfAbsent(jobs.build(job, plan, providerConfigYaml.isPresent(), job.getSpec().isSuspended()));
  }

  /** The shard count of a launched worker Job: its completions. */
  public static int shards(Job worker) {
    Integer completions = worker.getSpec().getCompletions();
    return completions == null ? 1 : completions;
  }

  /** Suspends or resumes the worker Job; returns the Job as it now is. */
  public Job suspend(Job worker, boolean suspend) {
    if (Boolean.valueOf(suspend).equals(worker.getSpec().getSuspend())) {
      return worker;
    }
    return client.batch().v1().jobs().inNamespace(worker.getMetadata().getNamespace())
        .withName(worker.getMetadata().getName())
        .edit(j -> {
          j.getSpec().setSuspend(suspend);
          return j;
        });
  }

  /** Creates the object, or returns it when an earlier reconciliation of the same TTSJob (same uid) did. */
  private <T extends HasMetadata> T createIfAbsent(T object) {
    try {
      return client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      T existing = client.resource(object).get();
      String owner = object.getMetadata().getOwnerReferences().get(0).getUid();
      if (existing == null || existing.getMetadata().getOwnerReferences().stream()
          .noneMatch(ref -> owner.equals(ref.getUid()))) {
        // Names carry the owner's uid: another owner's object under this name is someone's mistake.
        throw new IllegalStateException(object.getKind() + " " + object.getMetadata().getName()
            + " exists but is not owned by TTSJob uid " + owner, e);
      }
      return existing;
    }
  }
}
