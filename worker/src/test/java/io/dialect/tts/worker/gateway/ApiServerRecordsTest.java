package io.dialect.tts.worker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.testing.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the gateway reads from a real API server besides identities: which namespaces have a TTSQuota
 * ({@link KubernetesQuotaNamespaces}, whose answer makes the ledger fail closed when the limits are missing
 * from Redis) and whether a shard's TTSJob still exists and which of its indexes the Job controller counts as
 * complete ({@link KubernetesJobRecords}, which decide whether lost progress is written back).
 */
class ApiServerRecordsTest {
  private static final String TEAM_A = "team-a";
  private static final String TEAM_B = "team-b";

  private static KubeControlPlane plane;
  private static KubernetesClient admin;

  @BeforeAll
  static void startControlPlane() throws IOException {
    Path work = Files.createTempDirectory(Path.of("target"), "api-server-records-test").toAbsolutePath();
    plane = KubeControlPlane.start(work.resolve("control-plane"));
    admin = plane.adminClient();
    plane.applyCrds(Path.of("..", "crds", "ttsjobs.tts.dialect.io-v1.yml"),
        Path.of("..", "crds", "ttsquotas.tts.dialect.io-v1.yml"));
    for (String namespace : List.of(TEAM_A, TEAM_B)) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
  }

  @AfterAll
  static void stopControlPlane() {
    if (admin != null) {
      admin.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void aNamespaceHasAQuotaWhileOneOfItsTtsQuotasExists() {
    try (KubernetesQuotaNamespaces namespaces = new KubernetesQuotaNamespaces(admin)) {
      assertThat(namespaces.hasQuota(TEAM_A)).isFalse();

      TTSQuota daily = quota("daily");
      TTSQuota monthly = quota("monthly");
      await().atMost(Duration.ofSeconds(10)).until(() -> namespaces.hasQuota(TEAM_A));
      assertThat(namespaces.hasQuota(TEAM_B)).as("another namespace's quota is not this one's").isFalse();

      admin.resource(daily).delete();
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
          .until(() -> namespaces.hasQuota(TEAM_A));
      admin.resource(monthly).delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> !namespaces.hasQuota(TEAM_A));
    }
  }

  @Test
  void aShardsJobExistsUntilItIsDeletedOrReplacedUnderTheSameName() {
    JobRecords records = new KubernetesJobRecords(admin);
    TTSJob job = ttsJob("welcome");
    Shard shard = new Shard(job, "ttsjob-welcome", 0, 2);

    assertThat(records.exists(shard)).isTrue();
    TTSJob elsewhere = Serialization.clone(job);
    elsewhere.getMetadata().setNamespace(TEAM_B);
    assertThat(records.exists(new Shard(elsewhere, "ttsjob-welcome", 0, 2)))
        .as("the same name and uid in another namespace").isFalse();

    admin.resource(job).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> !records.exists(shard));
    ttsJob("welcome");
    assertThat(records.exists(shard)).as("a new TTSJob under the old name").isFalse();
  }

  @Test
  void theCompletedIndexesAreTheJobControllersList() {
    JobRecords records = new KubernetesJobRecords(admin);
    Shard shard = new Shard(ttsJob("indexes"), "ttsjob-indexes", 0, 8);
    assertThat(records.completedIndexes(shard)).as("no worker Job yet").isEmpty();

    Job job = admin.resource(new JobBuilder().withNewMetadata().withName("ttsjob-indexes").withNamespace(TEAM_A)
        .endMetadata().withNewSpec().withCompletionMode("Indexed").withCompletions(8).withParallelism(1)
        .withManagedBy("test.tts.dialect.io/no-controller").withNewTemplate().withNewSpec()
        .addNewContainer().withName("worker").withImage("tts-worker").endContainer().withRestartPolicy("Never")
        .endSpec().endTemplate().endSpec().build()).create();
    job.setStatus(new JobStatusBuilder().withCompletedIndexes("1,3-5,7").withSucceeded(5).build());
    admin.resource(job).updateStatus();

    assertThat(records.completedIndexes(shard)).containsExactlyInAnyOrder(1, 3, 4, 5, 7);
  }

  private static TTSQuota quota(String name) {
    return admin.resource(Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSQuota
        metadata: {name: %s, namespace: %s}
        spec: {enforcement: hard, daily: {characters: 1000}}
        """.formatted(name, TEAM_A), TTSQuota.class)).create();
  }

  private static TTSJob ttsJob(String name) {
    return admin.resource(Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: %s, namespace: %s}
        spec:
          dialect: dongbei
          items: [{id: a, text: 你好}]
          output: {pvc: {claimName: audio}}
        """.formatted(name, TEAM_A), TTSJob.class)).create();
  }

}
