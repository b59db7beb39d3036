package io.dialect.tts.operator;

import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.launch.WorkerJobName;
import io.dialect.tts.testing.RedisServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's Kubernetes mock server in CRUD mode (with the TTSJob CRD installed, so status is a real
 * subresource), a real redis-server, and the real operator - plus what the tests play: the batch Job
 * controller (Job status) and the workers (Redis counters).
 *
 * <p>Mock server shortcomings (not a real API server): no garbage collection (owner references are
 * asserted instead), no batch Job controller (the test sets Job status), no server-side apply (the
 * operator does not use it), field selectors on Events return nothing (the tests list and filter).
 */
final class OperatorTestbed implements AutoCloseable {
  static final String NAMESPACE = "team-a";

  final RedisServer redis;
  final KubernetesMockServer server;
  final KubernetesClient client;
  final StatefulRedisConnection<String, String> redisConnection;
  private final RedisClient redisClient;
  /** PATCH requests to each TTSJob's status subresource, by TTSJob name. */
  private final ConcurrentHashMap<String, AtomicInteger> statusPatches = new ConcurrentHashMap<>();
  /** The operator's metrics, read by tests. */
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private TtsOperator operator;

  private final class CountingDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      if ("PATCH".equals(request.getMethod()) && path.contains("/ttsjobs/") && path.contains("/status")) {
        String name = path.substring(path.indexOf("/ttsjobs/") + "/ttsjobs/".length(), path.indexOf("/status"));
        statusPatches.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      }
      return super.dispatch(request);
    }
  }

  OperatorTestbed() {
    redis = RedisServer.start("operator-test");
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new CountingDispatcher(), false);
    server.init();
    client = server.createClient();
    for (String crd : List.of("ttsjobs.tts.dialect.io-v1.yml", "ttsquotas.tts.dialect.io-v1.yml")) {
      client.apiextensions().v1().customResourceDefinitions().load(Path.of("..", "crds", crd).toFile()).create();
    }
    redisClient = RedisClient.create(redis.uri());
    redisConnection = redisClient.connect();
  }

  OperatorConfig config(int statusIntervalSeconds) {
    return OperatorConfig.parse("""
        worker:
          image: registry.example/tts-worker:test
          itemsPerShard: 2
          maxParallelism: 3
          backoffLimitPerIndex: 2
        redis:
          url: %s
        s3:
          endpoint: http://s3.example:9000
          region: us-east-1
          pathStyle: true
          credentialsSecret: {name: tts-s3}
          allowedOutputBuckets: [tts-out]
        providers:
          - name: xiangyinge
            env:
              - {name: XIANGYINGE_API_KEY, secretName: tts-provider-keys, secretKey: xiangyinge}
          - name: azure
            env:
              - {name: AZURE_SPEECH_KEY, secretName: tts-azure-keys, secretKey: azure}
          - name: espeak
        checkSecrets: true
        statusUpdateIntervalSeconds: %d
        progressPollSeconds: 1
        """.formatted(redis.uri(), statusIntervalSeconds));
  }

  void startOperator(OperatorConfig config) {
    startOperator(config, Clock.systemUTC());
  }

  void startOperator(OperatorConfig config, Clock clock) {
    operator = new TtsOperator(config, client, metrics, clock);
    operator.start();
  }

  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  TTSJob get(String name) {
    return client.resources(TTSJob.class).inNamespace(NAMESPACE).withName(name).get();
  }

  Job workerJob(String name) {
    return workerJob(get(name));
  }

  Job workerJob(TTSJob job) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(WorkerJobName.of(job)).get();
  }

  List<Job> workerJobs() {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
  }

  Job awaitWorkerJob(String name) {
    await().atMost(Duration.ofSeconds(20)).until(() -> workerJob(name) != null);
    return workerJob(name);
  }

  /** What a worker does: HINCRBY its shard's progress hash (shard 0 unless said). */
  void count(TTSJob job, String field, long by) {
    count(job, 0, field, by);
  }

  void count(TTSJob job, int shard, String field, long by) {
    redisConnection.sync().hincrby(RedisKeys.shardProgress(NAMESPACE, job.getMetadata().getName(),
        job.getMetadata().getUid(), shard), field, by);
  }

  /** What the batch Job controller does while pods run. */
  void jobActive(String name, int active) {
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(WorkerJobName.of(get(name)))
        .editStatus(j -> {
          j.setStatus(new JobStatusBuilder().withActive(active).withStartTime("2026-01-01T00:00:00Z").build());
          return j;
        });
  }

  /** What the batch Job controller does at the end: a Complete or Failed condition. */
  void jobFinished(String name, String conditionType, String reason) {
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(WorkerJobName.of(get(name)))
        .editStatus(j -> {
          j.setStatus(new JobStatusBuilder().withActive(0)
              .withSucceeded("Complete".equals(conditionType) ? j.getSpec().getCompletions() : 0)
              .withConditions(new JobConditionBuilder().withType(conditionType).withStatus("True")
                  .withReason(reason).withMessage("simulated by the test").build())
              .build());
          return j;
        });
  }

  List<Event> events(String involvedName) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  int statusPatches(String name) {
    AtomicInteger count = statusPatches.get(name);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    stopOperator();
    redisConnection.close();
    redisClient.shutdown();
    client.close();
    server.destroy();
    redis.close();
  }
}
