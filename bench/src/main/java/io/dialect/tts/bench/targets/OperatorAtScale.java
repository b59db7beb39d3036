package io.dialect.tts.bench.targets;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * P3: {@code --jobs} TTSJobs applied at once to the real API server (kube-apiserver, etcd and the Job
 * controller of the end-to-end suite; no kubelet, so worker pods never run) with the operator as a
 * process sized as the chart sizes its container (512 MiB, {@code -XX:MaxRAMPercentage=75}). Measures
 * how long until every job is Running or Queued with a reason, the operator's peak RSS, and its status
 * writes per job per {@code statusUpdateIntervalSeconds}, counted by the API server itself
 * ({@code apiserver_request_total} for {@code ttsjobs/status}).
 */
final class OperatorAtScale {
  static final Path OPERATOR_JAR = Path.of("operator", "target", "tts-operator.jar");
  static final String NAMESPACE = "scale";
  static final int STATUS_INTERVAL_SECONDS = 10;
  /** How long status writes are counted after the jobs were applied. */
  static final Duration OBSERVED = Duration.ofSeconds(120);
  /** The namespace's TTSQuota runs this many jobs at once: the rest wait, Queued with WaitingForQuota. */
  static final int MAX_CONCURRENT = 200;

  private final Path dir;
  private final int jobs;
  private final int runs;

  OperatorAtScale(Path dir, int jobs, int runs) {
    this.dir = dir;
    this.jobs = jobs;
    this.runs = runs;
  }

  List<Figure> measure() throws Exception {
    if (!Files.isRegularFile(OPERATOR_JAR)) {
      throw new IllegalStateException(OPERATOR_JAR.toAbsolutePath() + " is missing: build it first (bin/bench does)");
    }
    List<Double> slowest = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> writes = new ArrayList<>();
    List<Double> createCeilings = new ArrayList<>();
    List<Double> applyRates = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Path runDir = Files.createDirectories(dir.resolve("run-" + run)).toAbsolutePath();
      try (KubeControlPlane plane = KubeControlPlane.start(runDir.resolve("control-plane"));
           KubernetesClient admin = plane.adminClient();
           RedisServer redis = RedisServer.start("operator-scale", "bench-redis-password")) {
        plane.applyCrds(Path.of("crds", "ttsjobs.tts.dialect.io-v1.yml"), Path.of("crds", "ttsquotas.tts.dialect.io-v1.yml"));
        prepareNamespace(admin);
        // The ceiling: how fast this API server takes creates of a plain object from the same 16 threads.
        createCeilings.add(jobs / timed(() -> createAll(admin, i -> configMap(admin, i))));
        Process operator = startOperator(runDir, plane, redis);
        try {
          Thread.sleep(5_000);
          StatusWriteCounter counter = new StatusWriteCounter(admin, STATUS_INTERVAL_SECONDS);
          Map<String, Long> createdAt = new ConcurrentHashMap<>();
          long started = System.nanoTime();
          double applySeconds = timed(() -> createAll(admin, i -> {
            TTSJob job = ttsJob(i);
            return () -> {
              admin.resource(job).create();
              createdAt.put(job.getMetadata().getName(), System.nanoTime());
            };
          }));
          Map<String, Long> settledAt = awaitRunningOrQueued(admin, started);
          double worst = settledAt.entrySet().stream()
              .mapToDouble(e -> (e.getValue() - createdAt.get(e.getKey())) / 1e9).max().orElseThrow();
          double allSettled = (settledAt.values().stream().mapToLong(Long::longValue).max().orElseThrow() - started) / 1e9;
          Thread.sleep(OBSERVED.toMillis());
          List<Double> perInterval = counter.stop().stream().map(w -> w / jobs).toList();
          double peakRss = peakRssMiB(operator.pid());
          System.out.printf(Locale.ROOT, "  run %d: API server ceiling %.0f creates/s; %d TTSJobs applied in %.1f s, all "
                  + "Running or Queued with a reason %.1f s after the first create, the slowest %.1f s after its own; "
                  + "%s; status writes per job per %d s interval %s; operator peak RSS %.0f MiB%n", run,
              createCeilings.getLast(), jobs, applySeconds, allSettled, worst, phases(admin), STATUS_INTERVAL_SECONDS,
              perInterval.stream().map(w -> String.format(Locale.ROOT, "%.2f", w)).toList(), peakRss);
          slowest.add(worst);
          applyRates.add(jobs / applySeconds);
          rss.add(peakRss);
          writes.add(perInterval.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        } finally {
          operator.destroy();
          operator.waitFor();
        }
      }
    }
    double[] times = Figure.of(slowest);
    double[] memory = Figure.of(rss);
    double[] statusWrites = Figure.of(writes);
    double[] applied = Figure.of(applyRates);
    double[] ceilings = Figure.of(createCeilings);
    String what = String.format(Locale.ROOT, "%,d TTSJobs applied at once (maxConcurrentJobs %d)", jobs, MAX_CONCURRENT);
    return List.of(
        new Figure("P3", what + ": TTSJob creates accepted", "creates/s", applied, "ConfigMap creates/s", ceilings,
            "–", true, "the API server's own pace, shown for scale"),
        new Figure("P3", what + ": the slowest job Running or Queued with a reason, after its create", "s", times, "",
            new double[0], "≤ 60 s", Figure.median(times) <= 60, ""),
        new Figure("P3", "operator peak RSS (512 MiB container, MaxRAMPercentage=75)", "MiB", memory, "", new double[0],
            "≤ 512 MiB", Figure.median(memory) <= 512, ""),
        new Figure("P3", "status writes per job in the busiest " + STATUS_INTERVAL_SECONDS + " s interval", "writes",
            statusWrites, "", new double[0], "≤ 1", Figure.median(statusWrites) <= 1, ""));
  }

  /** The namespace, its worker ServiceAccount, the jobs' output claim and a TTSQuota that queues most of them. */
  private static void prepareNamespace(KubernetesClient admin) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    admin.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("tts-worker").endMetadata().build()).create();
    // The operator checks the claim exists; no volume is ever bound (no pod runs).
    admin.persistentVolumeClaims().inNamespace(NAMESPACE).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("audio").endMetadata().withNewSpec().withAccessModes("ReadWriteMany")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
    admin.resource(Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSQuota
        metadata: {name: default, namespace: %s}
        spec:
          daily: {characters: 10000000}
          maxConcurrentJobs: %d
          enforcement: hard
        """.formatted(NAMESPACE, MAX_CONCURRENT), TTSQuota.class)).create();
  }

  private Process startOperator(Path runDir, KubeControlPlane plane, RedisServer redis) throws IOException {
    Path config = Files.writeString(runDir.resolve("operator.yaml"), """
        worker:
          image: ghcr.io/dialect-tts/tts-worker:bench
          serviceAccountName: tts-worker
        gateway:
          url: http://tts-gateway.tts-system.svc:8080
          audience: tts-gateway
        redis:
          url: %s
        providers: [{name: xiangyinge}]
        statusUpdateIntervalSeconds: %d
        httpPort: %d
        """.formatted(redis.uri(), STATUS_INTERVAL_SECONDS, freePort()));
    ProcessBuilder builder = new ProcessBuilder(DataPathRig.java(), "-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=75",
        "-jar", OPERATOR_JAR.toString())
        .redirectErrorStream(true).redirectOutput(runDir.resolve("operator.log").toFile());
    builder.environment().put("TTS_OPERATOR_CONFIG", config.toString());
    builder.environment().put("TTS_REDIS_PASSWORD", redis.password());
    builder.environment().put("KUBECONFIG", plane.kubeconfig().toString());
    builder.environment().put("HOSTNAME", "tts-operator-bench");
    return builder.start();
  }

  /** Runs {@code jobs} creates from 16 threads, as a GitOps sync or a script applying a directory would. */
  private void createAll(KubernetesClient admin, IntFunction<Runnable> create) throws Exception {
    ExecutorService appliers = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        created.add(appliers.submit(create.apply(i)));
      }
      for (Future<?> done : created) {
        done.get();
      }
    } finally {
      appliers.shutdown();
    }
  }

  private Runnable configMap(KubernetesClient admin, int i) {
    return () -> admin.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("ceiling-%04d".formatted(i)).endMetadata().addToData("text", "第%d号，老铁们好。".formatted(i)).build())
        .create();
  }

  private static TTSJob ttsJob(int i) {
    return Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: scale-%04d, namespace: %s}
        spec:
          dialect: dongbei
          items:
            - {id: a, text: "第%d号任务，老铁们好。"}
            - {id: b, text: "第%d号任务，唠唠嗑。"}
          output:
            pvc: {claimName: audio, path: scale-%04d/}
        """.formatted(i, NAMESPACE, i, i, i), TTSJob.class);
  }

  /** When each job was first seen Running or Queued with a reason (nanoTime), once all are. */
  private Map<String, Long> awaitRunningOrQueued(KubernetesClient admin, long started) throws InterruptedException {
    long deadline = started + Duration.ofMinutes(10).toNanos();
    Map<String, Long> settledAt = new HashMap<>();
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      for (TTSJob job : admin.resources(TTSJob.class).inNamespace(NAMESPACE).list().getItems()) {
        if (runningOrQueuedWithReason(job)) {
          settledAt.putIfAbsent(job.getMetadata().getName(), now);
        }
      }
      if (settledAt.size() == jobs) {
        return settledAt;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("not every TTSJob was Running or Queued with a reason within 10 minutes: "
        + phases(admin));
  }

  /** How many jobs are in each phase with each reason. */
  private static Map<String, Long> phases(KubernetesClient admin) {
    return admin.resources(TTSJob.class).inNamespace(NAMESPACE).list().getItems().stream()
        .collect(Collectors.groupingBy(job -> job.getStatus() == null ? "no status"
            : job.getStatus().getPhase() + "/" + job.getStatus().getReason(), TreeMap::new, Collectors.counting()));
  }

  private static double timed(ThrowingRunnable body) throws Exception {
    long start = System.nanoTime();
    body.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static boolean runningOrQueuedWithReason(TTSJob job) {
    if (job.getStatus() == null) {
      return false;
    }
    JobPhase phase = job.getStatus().getPhase();
    return (phase == JobPhase.Running || phase == JobPhase.Queued) && job.getStatus().getConditions().stream()
        .map(Condition::getReason).anyMatch(reason -> reason != null && !reason.isBlank());
  }

  /** The process's high-water mark of resident memory (VmHWM), in MiB. */
  private static double peakRssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmHWM for process " + pid);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
