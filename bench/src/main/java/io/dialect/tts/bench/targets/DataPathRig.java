package io.dialect.tts.bench.targets;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.testing.SimulatedVendor;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.gateway.Caller;
import io.dialect.tts.worker.gateway.Gateway;
import io.dialect.tts.worker.gateway.JobRecords;
import io.dialect.tts.worker.gateway.Shard;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.dialect.tts.worker.storage.S3Settings;
import io.dialect.tts.worker.testing.TokenTable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * The shard pods' data path on this machine: {@code tts-worker.jar shard} processes (as the worker pods
 * run them: a token, a mounted source, a mounted output) → the gateway with its real engine, Redis cache
 * tier, ledger, de-duplication and account-wide rate limit → the simulated vendor over HTTP, with a real
 * Redis. The gateway runs in this JVM; only its caller identity is a table of tokens (there is no API
 * server here, and the real one caches each token's review anyway).
 */
final class DataPathRig implements AutoCloseable {
  static final Path WORKER_JAR = Path.of("worker", "target", "tts-worker.jar");
  static final String NAMESPACE = "bench";

  /** How the vendor behaves: latency, token bucket, answer size. */
  record VendorShape(long latencyMillis, int requestsPerSecond, int burst, int answerBytes) {
  }

  /**
   * How the gateway is configured.
   *
   * @param providerRate      the provider's {@code rateLimit.requestsPerSecond} (0: none)
   * @param providerBurst     its {@code burst}
   * @param memoryCacheBytes  the in-process tier (0: off, every hit comes from Redis)
   * @param batchConcurrency  items of one batch call synthesized at once ({@code serve --batch-concurrency})
   */
  record GatewayShape(int providerRate, int providerBurst, long memoryCacheBytes, int batchConcurrency) {
  }

  /**
   * What the operator sets as a worker pod's JDK_JAVA_OPTIONS by default (operator config
   * {@code worker.javaOptions}, chart value {@code worker.javaOpts}).
   */
  static final String WORKER_POD_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /** JVM options every worker process gets besides its own (e.g. a JFR recording). */
  static final List<String> workerOptions = new ArrayList<>();

  final RedisServer redis;
  final SimulatedVendor vendor;
  private final Path dir;
  private final WorkerAssembly assembly;
  private final Gateway gateway;
  private final TokenTable tokens;

  private DataPathRig(Path dir, RedisServer redis, SimulatedVendor vendor, WorkerAssembly assembly,
      Gateway gateway, TokenTable tokens) {
    this.dir = dir;
    this.tokens = tokens;
    this.redis = redis;
    this.vendor = vendor;
    this.assembly = assembly;
    this.gateway = gateway;
  }

  static DataPathRig start(Path dir, VendorShape vendorShape, GatewayShape gatewayShape) throws IOException {
    return start(dir, vendorShape, gatewayShape, null);
  }

  /** @param s3 where job sources may lie (the gateway pre-signs their URLs), or null */
  static DataPathRig start(Path dir, VendorShape vendorShape, GatewayShape gatewayShape, S3ProxyServer s3)
      throws IOException {
    requireWorkerJar();
    RedisServer redis = RedisServer.start("bench", "bench-redis-password");
    SimulatedVendor vendor = SimulatedVendor.start().latencyMillis(vendorShape.latencyMillis())
        .tokenBucket(vendorShape.requestsPerSecond(), vendorShape.burst()).answerBytes(vendorShape.answerBytes());
    Path keyFile = Files.writeString(dir.resolve("vendor-key"), "bench-vendor-key");
    String rateLimit = gatewayShape.providerRate() <= 0 ? ""
        : "    rateLimit: {requestsPerSecond: %d, burst: %d}\n".formatted(gatewayShape.providerRate(),
            gatewayShape.providerBurst());
    WorkerConfig config = WorkerConfig.parse("""
        providers:
          - name: xiangyinge
            type: xiangyinge
            baseUrl: %s
            keys: {primary: {file: %s}}
            timeouts: {connect: 2s, request: 30s}
            maxConcurrency: 256
        %s
        providerOrder: [xiangyinge]
        cache: {memory: {maxBytes: %d}}
        """.formatted(vendor.baseUrl(), keyFile, rateLimit.stripTrailing(), gatewayShape.memoryCacheBytes()));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerAssembly assembly = WorkerAssembly.create(config, new WorkerAssembly.Environment(redis.uri(),
        redis.password(), s3 == null ? null : new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true), null), meters, new PrintStream(OutputStream.nullOutputStream()));
    TokenTable tokens = new TokenTable();
    Gateway gateway = Gateway.start(new Gateway.Settings(0, "tts-gateway", Set.of(), Duration.ofMinutes(10),
        gatewayShape.batchConcurrency(), Duration.ofMinutes(5)), assembly, tokens, JobRecords.ASSUME_RUNNING,
        meters);
    return new DataPathRig(dir, redis, vendor, assembly, gateway, tokens);
  }

  /**
   * Runs one TTSJob of {@code texts} (a configMapRef source) as {@code shards} worker processes at once
   * and waits for them.
   *
   * @param concurrency each shard's items in flight ({@code shard --concurrency})
   */
  JobRun run(String jobName, List<String> texts, int shards, int concurrency, String heap) throws IOException,
      InterruptedException {
    Path source = Files.createDirectories(jobDir(jobName).resolve("source"));
    try (var lines = Files.newBufferedWriter(source.resolve("lines.jsonl"))) {
      for (int i = 0; i < texts.size(); i++) {
        lines.write(Serialization.asJson(Map.of("id", "i-" + i, "text", texts.get(i))));
        lines.newLine();
      }
    }
    return run(job(jobName, "configMapRef: {name: lines, key: lines.jsonl}"), texts.size(), shards, concurrency,
        List.of("-Xmx" + heap), null);
  }

  /**
   * Runs {@code job} as {@code shards} worker processes at once; stops them (SIGTERM, as the kubelet
   * does) after {@code stopAfter} unless that is null.
   */
  JobRun run(TTSJob job, int items, int shards, int concurrency, List<String> jvmOptions, Duration stopAfter)
      throws IOException, InterruptedException {
    String jobName = job.getMetadata().getName();
    Path jobDir = jobDir(jobName);
    Path source = Files.createDirectories(jobDir.resolve("source"));
    Path output = Files.createDirectories(jobDir.resolve("output"));
    long served = vendor.answered(200);
    long refused = vendor.answered(429);
    List<Process> workers = new ArrayList<>();
    AudioFileCounter written = new AudioFileCounter(output.resolve(jobName));
    long started = System.nanoTime();
    for (int index = 0; index < shards; index++) {
      String token = "token-" + jobName + "-" + index;
      String pod = jobName + "-workers-" + index;
      tokens.shard(token, new Caller(NAMESPACE, "tts-worker", pod, UUID.randomUUID().toString()),
          new Shard(job, jobName + "-workers", index, shards));
      Path tokenFile = Files.writeString(jobDir.resolve(pod + ".token"), token);
      Path tmp = Files.createDirectories(jobDir.resolve("tmp-" + index));
      List<String> command = new ArrayList<>(List.of(java()));
      command.addAll(Stream.concat(workerOptions.stream(), jvmOptions.stream())
          .map(option -> option.replace("{pod}", pod)).toList());
      command.addAll(List.of("-jar", WORKER_JAR.toAbsolutePath().toString(), "shard",
          "--gateway", "http://127.0.0.1:" + gateway.port(), "--token-file", tokenFile.toString(),
          "--source-dir", source.toString(), "--output-dir", output.toString(), "--tmp-dir", tmp.toString(),
          "--concurrency", String.valueOf(concurrency)));
      ProcessBuilder worker = new ProcessBuilder(command).directory(jobDir.toFile())
          .redirectErrorStream(true).redirectOutput(jobDir.resolve(pod + ".log").toFile());
      worker.environment().put("JDK_JAVA_OPTIONS", WORKER_POD_JAVA_OPTIONS);
      workers.add(worker.start());
    }
    CpuTime cpu = new CpuTime(workers.stream().map(Process::toHandle).toList());
    written.startSampling(started, cpu::sample);
    if (stopAfter != null) {
      Thread.sleep(stopAfter.toMillis());
      workers.forEach(Process::destroy);
    }
    List<Integer> exits = new ArrayList<>();
    for (Process worker : workers) {
      exits.add(worker.waitFor());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    written.stop();
    return new JobRun(jobName, items, exits, seconds, written.timeline(), written.count(),
        vendor.answered(200) - served, vendor.answered(429) - refused, cpu.workerSeconds(), cpu.thisJvmSeconds(),
        output.resolve(jobName), jobDir);
  }

  Path jobDir(String jobName) throws IOException {
    return Files.createDirectories(dir.resolve("jobs").resolve(jobName));
  }

  /** A Dongbei MP3 job of the bench namespace with the given source, written to a pvc output. */
  static TTSJob job(String name, String source) {
    return Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: %s, namespace: %s, uid: %s}
        spec:
          dialect: dongbei
          format: mp3
          source:
            %s
          output:
            pvc: {claimName: bench, path: %s/}
        """.formatted(name, NAMESPACE, UUID.randomUUID(), source, name), TTSJob.class);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void requireWorkerJar() {
    if (!Files.isRegularFile(WORKER_JAR)) {
      throw new IllegalStateException(WORKER_JAR.toAbsolutePath() + " is missing: run from the repository root "
          + "after building (bin/bench builds it)");
    }
  }

  static void delete(Path root) {
    try {
      if (Files.exists(root)) {
        PathUtils.deleteDirectory(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gateway.close();
    assembly.close();
    vendor.close();
    redis.close();
  }
}
