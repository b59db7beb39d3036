package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.launch.WorkerJobName;
import io.dialect.tts.testing.RedisServer;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * create -> worker Job -> progress -> Succeeded against a real kube-apiserver (no Job controller
 * runs there either: the test plays it and the workers). Runs with -Papiserver only.
 */
@Tag("apiserver")
@EnableKubeAPIServer
class ApiServerLifecycleTest {
  @KubeConfig
  static String kubeConfigYaml;

  @Test
  void aJobRunsToSucceededOnARealApiServer() {
    String ns = OperatorTestbed.NAMESPACE;
    try (RedisServer redis = RedisServer.start("apiserver-test");
         KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build()) {
      for (String crd : new String[] {"ttsjobs.tts.dialect.io-v1.yml", "ttsquotas.tts.dialect.io-v1.yml"}) {
        client.apiextensions().v1().customResourceDefinitions().load(Path.of("..", "crds", crd).toFile())
            .serverSideApply();
      }
      client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
      for (String secret : new String[] {"tts-s3", "tts-provider-keys"}) {
        client.resource(new SecretBuilder().withNewMetadata().withName(secret).withNamespace(ns).endMetadata()
            .addToStringData("k", "v").build()).create();
      }
      OperatorConfig config = OperatorConfig.parse("""
          redis: {url: "%s"}
          s3: {credentialsSecret: {name: tts-s3}, allowedOutputBuckets: [tts-out]}
          providers:
            - {name: xiangyinge, env: [{name: XIANGYINGE_API_KEY, secretName: tts-provider-keys, secretKey: k}]}
            - {name: espeak}
          statusUpdateIntervalSeconds: 1
          progressPollSeconds: 1
          """.formatted(redis.uri()));
      try (TtsOperator operator = new TtsOperator(config, client, new SimpleMeterRegistry(), Clock.systemUTC())) {
        operator.start();
        TTSJob created = client.resource(TTSJobLifecycleTest.job("welcome", 3)).create();
        var jobs = client.batch().v1().jobs().inNamespace(ns).withName(WorkerJobName.of("welcome"));
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs.get() != null);

        RedisClient redisClient = RedisClient.create(redis.uri());
        try (var connection = redisClient.connect()) {
          int shards = jobs.get().getSpec().getCompletions();
          connection.sync().hincrby(RedisKeys.shardProgress(ns, "welcome", created.getMetadata().getUid(), 0),
              ProgressField.SUCCEEDED, 3);
          for (int shard = 0; shard < shards; shard++) {
            connection.sync().hincrby(RedisKeys.shardProgress(ns, "welcome", created.getMetadata().getUid(), shard),
                ProgressField.SOURCE_DONE, 1);
          }
        } finally {
          redisClient.shutdown();
        }
        String now = Instant.now().toString();
        jobs.editStatus(j -> {
          j.setStatus(new JobStatusBuilder().withStartTime(now).withCompletionTime(now)
              .withSucceeded(j.getSpec().getCompletions()).withCompletedIndexes("0-" + (j.getSpec().getCompletions() - 1))
              .withConditions(
                  new JobConditionBuilder().withType("SuccessCriteriaMet").withStatus("True").withReason("CompletionsReached").build(),
                  new JobConditionBuilder().withType("Complete").withStatus("True").withReason("CompletionsReached").build())
              .build());
          return j;
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          TTSJob done = client.resources(TTSJob.class).inNamespace(ns).withName("welcome").get();
          assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
          assertThat(done.getStatus().getProgress()).isEqualTo("3/3");
          assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo(ConditionTypes.COMPLETE);
            assertThat(c.isTrue()).isTrue();
          });
        });
        Job worker = jobs.get();
        assertThat(worker.getMetadata().getOwnerReferences()).singleElement()
            .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
      }
    }
  }
}
