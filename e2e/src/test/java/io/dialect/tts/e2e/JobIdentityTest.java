package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a TTSJob owns is its own: by uid, whatever its name or the leftovers of a namesake. */
@ExtendWith(E2eCluster.Extension.class)
class JobIdentityTest {
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("identity");
  }

  @Test
  void aJobRecreatedUnderTheSameNameNeverAdoptsTheOldWorkerJobWhosePodsTheGatewayRefuses() {
    team.apply(job("again", true));
    await().atMost(Duration.ofMinutes(1)).until(() -> !team.workerJobs("again").isEmpty());
    String oldUid = team.job("again").getMetadata().getUid();
    cluster.admin.resources(TTSJob.class).inNamespace(team.namespace).withName("again")
        .withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
    await().atMost(Duration.ofMinutes(1)).until(() -> team.job("again") == null);
    assertThat(team.workerJobs("again")).as("the old worker Job is still there (orphaned)").hasSize(1);

    TTSJob created = team.apply(job("again", false));

    TTSJob done = team.awaitPhase("again", JobPhase.Succeeded, Duration.ofMinutes(2));
    assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    String newUid = created.getMetadata().getUid();
    assertThat(newUid).isNotEqualTo(oldUid);
    List<Job> jobs = team.workerJobs("again");
    assertThat(jobs).as("the new TTSJob has a worker Job of its own beside the old one").hasSize(2);
    assertThat(jobs.stream().filter(j -> ownedBy(j, newUid))).singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getName()).isEqualTo(done.getStatus().getWorkerJob()));
    assertThat(jobs.stream().filter(j -> !ownedBy(j, newUid))).singleElement()
        .satisfies(old -> assertThat(old.getSpec().getSuspend()).as("the old Job is left as it was").isTrue());

    // The leftover Job resumed (by someone in the namespace): its pods belong to no TTSJob that exists, so
    // the gateway serves them nothing and the index fails at once (exit 3, podFailurePolicy FailIndex).
    Job old = jobs.stream().filter(j -> !ownedBy(j, newUid)).findFirst().orElseThrow();
    cluster.admin.batch().v1().jobs().inNamespace(team.namespace).withName(old.getMetadata().getName())
        .edit(j -> {
          j.getSpec().setSuspend(false);
          return j;
        });
    await().atMost(Duration.ofMinutes(1)).until(() -> failed(cluster.admin.batch().v1().jobs()
        .inNamespace(team.namespace).withName(old.getMetadata().getName()).get()));
    assertThat(cluster.admin.pods().inNamespace(team.namespace)
        .withLabel("batch.kubernetes.io/job-name", old.getMetadata().getName()).list().getItems())
        .as("the old Job's pods were refused by the gateway (exit 3: the job cannot work)")
        .isNotEmpty().allSatisfy(pod -> assertThat(pod.getStatus().getContainerStatuses().get(0).getState()
            .getTerminated().getExitCode()).isEqualTo(3));
  }

  private static boolean failed(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
        .stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void aSeventyCharacterNameWorks() {
    String name = "a-very-long-job-name-for-the-quarterly-campaign-prompts-in-dongbei-x70";
    assertThat(name).hasSize(70);

    team.apply(job(name, false));

    TTSJob done = team.awaitPhase(name, JobPhase.Succeeded, Duration.ofMinutes(2));
    assertThat(done.getStatus().getPhase()).as("conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    assertThat(done.getStatus().getWorkerJob()).hasSizeLessThanOrEqualTo(63);
    assertThat(team.workerJobs(name)).as("found by its label, the name cut and hashed to fit 63 characters")
        .singleElement().satisfies(job -> assertThat(job.getMetadata().getName()).isEqualTo(done.getStatus().getWorkerJob()));
  }

  private static boolean ownedBy(HasMetadata object, String uid) {
    return object.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  private static String job(String name, boolean suspended) {
    return """
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: %s}
        spec:
          dialect: mandarin
          suspend: %s
          items:
            - {id: a, text: "identity-同名不同人。"}
          output:
            pvc: {claimName: audio, path: identity/}
        """.formatted(name, suspended);
  }
}
