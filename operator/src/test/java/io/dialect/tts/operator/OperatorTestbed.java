package io.dialect.tts.operator;

import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.Labels;
import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.launch.WorkerJobName;
import io.dialect.tts.operator.launch.WorkerJobName;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.kube.ImageRuntime;
import io.dialect.tts.testing.kube.KubeControlPlane;
import io.dialect.tts.testing.kube.ProcessKubelet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The real operator (in process) against a real control plane: kube-apiserver with the committed CRDs,
 * kube-controller-manager (the batch Job controller, the garbage collector) and the process kubelet,
 * shared by every test of this JVM; each test bed has a namespace and a Redis of its own. What the
 * tests play is the workers: their Redis counters, and how their pods end. A worker pod runs the
 * {@value #WORKER_IMAGE} image, which waits for {@link #workersExit} to say its exit code.
 */
final class OperatorTestbed implements AutoCloseable {
  static final String WORKER_IMAGE = "test.local/scripted-worker";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static Cluster cluster;

  final String namespace;
  final RedisServer redis;
  /** The operator's client: its requests are counted. */
  final KubernetesClient client;
  final StatefulRedisConnection<String, String> redisConnection;
  private final ClientResources redisResources;
  private final RedisClient redisClient;
  /** PATCH requests to each TTSJob's status subresource, by TTSJob name. */
  private final Map<String, AtomicInteger> statusPatches = new ConcurrentHashMap<>();
  /** The operator's metrics, read by tests. */
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private TtsOperator operator;

  /** The shared control plane and kubelet; started with the first test bed, stopped when the JVM ends. */
  private record Cluster(KubeControlPlane plane, ProcessKubelet kubelet, KubernetesClient admin, Path signals) {
  }

  OperatorTestbed() {
    Cluster shared = cluster();
    namespace = "team-" + NAMESPACES.incrementAndGet();
    shared.admin().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    shared.admin().resource(new ServiceAccountBuilder().withNewMetadata().withName("tts-worker")
        .withNamespace(namespace).endMetadata().withAutomountServiceAccountToken(false).build()).create();
    redis = RedisServer.start("operator-test");
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(shared.plane().kubeconfigYaml()))
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("count-status-patches",
            new Interceptor() {
              @Override
              public void before(BasicBuilder request, HttpRequest original, RequestTags tags) {
                String path = original.uri().getPath();
                if ("PATCH".equals(original.method()) && path.contains("/ttsjobs/") && path.endsWith("/status")) {
                  String name = path.substring(path.indexOf("/ttsjobs/") + "/ttsjobs/".length(), path.length() - 7);
                  statusPatches.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                }
              }
            }))
        .build();
    // The tests' connection, like the operator's, is back within a second of a Redis restart.
    redisResources = ClientResources.builder()
        .reconnectDelay(Delay.constant(Duration.ofMillis(200))).build();
    redisClient = RedisClient.create(redisResources, redis.uri());
    redisConnection = redisClient.connect();
  }

  private static synchronized Cluster cluster() {
    if (cluster == null) {
      try {
        Path work = Files.createTempDirectory(Path.of("target"), "operator-test").toAbsolutePath();
        KubeControlPlane plane = KubeControlPlane.start(work.resolve("control-plane"));
        KubernetesClient admin = plane.adminClient();
        Path signals = Files.createDirectories(work.resolve("signals"));
        // The worker's stand-in: a pod runs until the test writes its exit code to /run/signals/<worker Job
        // name> (its pods are named <Job name>-<index>-<suffix>; a worker pod holds no job identity of its own).
        ImageRuntime worker = new ImageRuntime(WORKER_IMAGE, List.of("/bin/sh", "-c", """
            while true; do
              for f in /run/signals/*; do
                case "$HOSTNAME" in "${f##*/}"-*) exit "$(cat "$f")";; esac
              done
              sleep 0.2
            done"""),
            Map.of(), Map.of("/run/signals", signals));
        ProcessKubelet kubelet = ProcessKubelet.start(admin, work.resolve("kubelet"), List.of(worker));
        plane.applyCrds(Path.of("..", "crds", "ttsjobs.tts.dialect.io-v1.yml"),
            Path.of("..", "crds", "ttsquotas.tts.dialect.io-v1.yml"));
        cluster = new Cluster(plane, kubelet, admin, signals);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          kubelet.close();
          admin.close();
          plane.close();
        }, "control-plane-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cluster;
  }

  /** The operator's settings for this test bed: its namespace only, worker pods of the scripted image. */
  OperatorConfig config(int statusIntervalSeconds) {
    return config(statusIntervalSeconds, "");
  }

  /** The same, with more worker settings ({@code workerSettings}: YAML lines indented as under {@code worker:}). */
  OperatorConfig config(int statusIntervalSeconds, String workerSettings) {
    return OperatorConfig.parse(configYaml(statusIntervalSeconds, workerSettings));
  }

  /** The YAML of {@link #config(int, String)}, for a test that adds settings of its own. */
  String configYaml(int statusIntervalSeconds, String workerSettings) {
    return """
        namespaces: [%s]
        worker:
          image: %s:1
          serviceAccountName: tts-worker
          itemsPerShard: 2
          maxParallelism: 3
          backoffLimitPerIndex: 0
        %s
        gateway:
          url: http://tts-gateway.tts-system.svc
          audience: tts-gateway
        redis:
          url: %s
        s3:
          allowedOutputBuckets: [tts-out]
        providers: [{name: xiangyinge}, {name: azure}, {name: espeak}]
        statusUpdateIntervalSeconds: %d
        progressPollSeconds: 1
        quotaPollSeconds: 1
        """.formatted(namespace, WORKER_IMAGE, workerSettings.stripTrailing(), redis.uri(), statusIntervalSeconds);
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

  /** A TTSJob created in this test bed's namespace. */
  TTSJob create(TTSJob job) {
    job.getMetadata().setNamespace(namespace);
    return client.resource(job).create();
  }

  TTSJob get(String name) {
    return client.resources(TTSJob.class).inNamespace(namespace).withName(name).get();
  }

  /** Edits an object's spec as a user does, again when a status write of the operator came in between (409). */
  <T extends HasMetadata> T edit(Class<T> kind, String name, Consumer<T> change) {
    return await().atMost(Duration.ofSeconds(20))
        .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException c
            && c.getCode() == HttpURLConnection.HTTP_CONFLICT)
        .until(() -> client.resources(kind).inNamespace(namespace).withName(name).edit(object -> {
          change.accept(object);
          return object;
        }), Objects::nonNull);
  }

  TTSJob editJob(String name, Consumer<TTSJobSpec> change) {
    return edit(TTSJob.class, name, job -> change.accept(job.getSpec()));
  }

  Job workerJob(String name) {
    TTSJob job = get(name);
    return job == null ? null : workerJob(job);
  }

  Job workerJob(TTSJob job) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(WorkerJobName.of(job)).get();
  }

  List<Job> workerJobs() {
    return client.batch().v1().jobs().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .list().getItems();
  }

  Job awaitWorkerJob(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> workerJob(name) != null);
    return workerJob(name);
  }

  /** Waits until the Job controller started the job's pods and the kubelet runs them. */
  void awaitWorkersRunning(String name) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Job job = workerJob(name);
      return job != null && job.getStatus() != null && job.getStatus().getReady() != null
          && job.getStatus().getReady() > 0;
    });
  }

  /** What the workers' processes do at the end: exit with {@code code} (0 done, 3 invalid job, 1 transient). */
  void workersExit(TTSJob job, int code) {
    try {
      Files.writeString(cluster().signals().resolve(WorkerJobName.of(job)), String.valueOf(code));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a worker does: HINCRBY its shard's progress hash (shard 0 unless said). */
  void count(TTSJob job, String field, long by) {
    count(job, 0, field, by);
  }

  void count(TTSJob job, int shard, String field, long by) {
    redisConnection.sync().hincrby(RedisKeys.shardProgress(namespace, job.getMetadata().getName(),
        job.getMetadata().getUid(), shard), field, by);
  }

  List<Event> events(String involvedName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
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
    redisResources.shutdown();
    client.close();
    redis.close();
  }
}
