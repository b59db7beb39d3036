package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
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
  void aJobRecreatedUnderTheSameNameNeverAdoptsTheOldWorkerJobOrConfigMap() {
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
    List<ConfigMap> owned = cluster.admin.configMaps().inNamespace(team.namespace).list().getItems().stream()
        .filter(c -> ownedBy(c, newUid)).toList();
    assertThat(owned).as("one ConfigMap of the new TTSJob").hasSize(1);
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
