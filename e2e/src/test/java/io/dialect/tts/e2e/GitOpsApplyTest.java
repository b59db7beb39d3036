package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * examples/gitops applied as a GitOps tool applies it - server-side, with a field manager of its own - to
 * the real API server with the operator running: the jobs run, a later diff shows no drift (the operator
 * never writes a TTSJob's spec or metadata beyond its finalizer), and a change to the work definition is
 * refused until the tool replaces the job.
 */
@ExtendWith(E2eCluster.Extension.class)
class GitOpsApplyTest {
  private static final String GITOPS = "examples/gitops";
  private static final String FIELD_MANAGER = "--field-manager=gitops";
  private static final List<String> JOBS = List.of("store-welcome-v1", "sichuan-shop-v1", "cantonese-notices-v1");
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = Team.inNamespace(cluster, "team-a");
  }

  @Test
  void appliedServerSideTheJobsRunWithNoDriftAndAnImmutableChangeTakesAReplace() throws Exception {
    Team.KubectlOutput applied = team.kubectl("", "apply", "--server-side", FIELD_MANAGER, "-k", GITOPS);
    assertThat(applied.exitCode()).as("kubectl apply --server-side -k: %s", applied.output()).isZero();

    for (String name : JOBS) {
      TTSJob done = team.awaitPhase(name, JobPhase.Succeeded, Duration.ofMinutes(1));
      assertThat(done.getStatus().getPhase()).as("%s: %s", name, done.getStatus().getConditions())
          .isEqualTo(JobPhase.Succeeded);
      assertThat(done.getMetadata().getFinalizers()).as("the operator's own metadata").isNotEmpty();
    }

    // What Argo CD's and Flux's drift detection do: a server-side dry run of the same files, compared.
    Team.KubectlOutput diff = team.kubectl("", "diff", "--server-side", FIELD_MANAGER, "-k", GITOPS);
    assertThat(diff.exitCode()).as("kubectl diff --server-side -k after the operator ran:%n%s", diff.output()).isZero();
    assertThat(diff.output()).isBlank();

    // A commit that moves one job's output: its work definition is immutable.
    String old = team.job("store-welcome-v1").getMetadata().getUid();
    String moved = movedOutput(team.kubectl("", "kustomize", GITOPS).output());
    Team.KubectlOutput refused = team.kubectl(moved, "apply", "--server-side", FIELD_MANAGER, "-f", "-");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).as("what the sync reports (docs/gitops.md); Flux's force recognises \"is immutable\"")
        .contains("The TTSJob \"store-welcome-v1\" is invalid: spec: Invalid value: \"object\": "
            + "spec.output is immutable; create a new TTSJob for another output place");
    assertThat(team.job("store-welcome-v1").getMetadata().getUid()).isEqualTo(old);

    // Argo CD's Replace=true,Force=true and Flux's force: delete, then create.
    Team.KubectlOutput replaced = team.kubectl(moved, "replace", "--force", "-f", "-");
    assertThat(replaced.exitCode()).as("kubectl replace --force: %s", replaced.output()).isZero();
    TTSJob again = team.awaitJob("store-welcome-v1", Duration.ofMinutes(1), job -> !job.getMetadata().getUid().equals(old)
        && job.getStatus() != null && job.getStatus().getPhase() == JobPhase.Succeeded);
    assertThat(again.getMetadata().getUid()).isNotEqualTo(old);
    assertThat(again.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(again.getStatus().getManifest()).endsWith("/store-welcome/v1-moved/manifest.jsonl");
  }

  /** The store-welcome-v1 document of the built example, its output prefix changed. */
  private static String movedOutput(String built) {
    String job = Arrays.stream(built.split("(?m)^---$")).filter(doc -> doc.contains("name: store-welcome-v1"))
        .findFirst().orElseThrow();
    assertThat(job).contains("prefix: store-welcome/v1/");
    return job.replace("prefix: store-welcome/v1/", "prefix: store-welcome/v1-moved/");
  }
}
