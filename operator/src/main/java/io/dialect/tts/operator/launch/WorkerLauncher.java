package io.dialect.tts.operator.launch;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.status.StatusCalculator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Creates a job's indexed worker Job and keeps what follows the TTSJob while it runs in step, with
 * server-side apply: the operator owns the fields it sets ({@value #FIELD_MANAGER}), the Job controller
 * its own, and the names are deterministic, so launching again (a restart, a stale cache) changes
 * nothing. What changes after launch ({@link LiveSettings}) has a field manager of its own
 * ({@value #LIVE_MANAGER}): applying those fields alone as {@value #FIELD_MANAGER} would drop the rest of
 * what it applied at launch, the immutable pod template among them. For the same reason the TTL of a
 * finished worker Job has a manager of its own ({@value #EXPIRY_MANAGER}).
 */
public final class WorkerLauncher {
  static final String FIELD_MANAGER = "tts-operator";
  static final String LIVE_MANAGER = "tts-operator-live";
  static final String EXPIRY_MANAGER = "tts-operator-expiry";

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

  /**
   * What of a running worker Job follows its TTSJob (all mutable in a batch Job). {@code activeDeadlineSeconds}
   * is set here only, never at launch, so that this manager alone owns it and removing it from the TTSJob
   * removes it from the Job.
   */
  public record LiveSettings(boolean suspend, int parallelism, Long activeDeadlineSeconds) {
  }

  /** Applies {@code settings} where the worker Job differs from them; returns the Job as it now is. */
  public Job keepInStep(Job worker, LiveSettings settings) {
    JobSpec spec = worker.getSpec();
    if (Boolean.valueOf(settings.suspend()).equals(spec.getSuspend())
        && Integer.valueOf(settings.parallelism()).equals(spec.getParallelism())
        && Objects.equals(settings.activeDeadlineSeconds(), spec.getActiveDeadlineSeconds())) {
      return worker;
    }
    Job change = new JobBuilder().withNewMetadata().withName(worker.getMetadata().getName())
        .withNamespace(worker.getMetadata().getNamespace()).endMetadata()
        .withNewSpec()
          .withSuspend(settings.suspend())
          .withParallelism(settings.parallelism())
          .withActiveDeadlineSeconds(settings.activeDeadlineSeconds())
        .endSpec().build();
    return client.resource(change).fieldManager(LIVE_MANAGER).forceConflicts().serverSideApply();
  }

  /** Lets the worker Job of a finished TTSJob expire, when a TTL is configured ({@link WorkerJobBuilder#expiry}). */
  public void expire(Job worker) {
    jobs.expiry(worker).ifPresent(ttl -> {
      if (Boolean.TRUE.equals(worker.getSpec().getSuspend()) && StatusCalculator.condition(worker, "Complete").isEmpty()
          && StatusCalculator.condition(worker, "Failed").isEmpty()) {
        // A TTSJob that failed on items stopped its workers by suspending the Job, and a suspended Job never
        // finishes, so its TTL would never start. Resumed with no pod to run and a deadline of a second, the
        // Job controller fails it (DeadlineExceeded) without starting a pod.
        keepInStep(worker, new LiveSettings(false, 0, 1L));
      }
      client.resource(ttl).fieldManager(EXPIRY_MANAGER).forceConflicts().serverSideApply();
    });
  }

  /**
   * Applies what the operator owns of the object. The owner reference (controller, by uid) is part of it:
   * the API server refuses a second controller, so an object of another TTSJob is never taken over.
   */
  private <T extends HasMetadata> T apply(T object) {
    return client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }
}
