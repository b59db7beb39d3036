package io.dialect.tts.operator.launch;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Creates a job's indexed worker Job and keeps its {@code suspend} in step, with
 * server-side apply: the operator owns the fields it sets ({@value #FIELD_MANAGER}), the Job controller
 * its own, and the names are deterministic, so launching again (a restart, a stale cache) changes
 * nothing. {@code suspend} has a field manager of its own ({@value #SUSPEND_MANAGER}): it is the one
 * field that changes after launch, and applying it alone must not drop the rest.
 */
public final class WorkerLauncher {
  static final String FIELD_MANAGER = "tts-operator";
  static final String SUSPEND_MANAGER = "tts-operator-suspend";

  private final KubernetesClient client;
  private final WorkerJobBuilder jobs;

  public WorkerLauncher(KubernetesClient client, WorkerJobBuilder jobs) {
    this.client = client;
    this.jobs = jobs;
  }

  public Job launch(TTSJob job, ShardPlan plan) {
    return apply(jobs.build(job, plan, job.getSpec().isSuspended()));
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
    Job change = new JobBuilder().withNewMetadata().withName(worker.getMetadata().getName())
        .withNamespace(worker.getMetadata().getNamespace()).endMetadata()
        .withNewSpec().withSuspend(suspend).endSpec().build();
    return client.resource(change).fieldManager(SUSPEND_MANAGER).forceConflicts().serverSideApply();
  }

  /**
   * Applies what the operator owns of the object. The owner reference (controller, by uid) is part of it:
   * the API server refuses a second controller, so an object of another TTSJob is never taken over.
   */
  private <T extends HasMetadata> T apply(T object) {
    return client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }
}
