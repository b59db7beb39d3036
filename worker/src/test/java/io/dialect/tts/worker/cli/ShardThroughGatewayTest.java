package io.dialect.tts.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.gateway.Caller;
import io.dialect.tts.worker.gateway.Gateway;
import io.dialect.tts.worker.gateway.JobRecords;
import io.dialect.tts.worker.gateway.Shard;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.dialect.tts.worker.storage.S3ClientFactory;
import io.dialect.tts.worker.storage.S3Settings;
import io.dialect.tts.worker.testing.TokenTable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A shard pod's entry point against a real gateway (its HTTP API, engine, Redis and pre-signed URLs
 * to a real S3 API): the pod holds a token and nothing else. Two shards of one job write audio and
 * manifest parts under the namespace's prefix and count progress per shard; the shard that finishes
 * last merges the manifest; a restarted shard skips written audio, reports it as its predecessor
 * recorded it and does not count twice. Identity is a table of tokens here (the API server's part is
 * tested in {@code KubernetesCallerIdentityTest} and end to end).
 */
class ShardThroughGatewayTest {
  private static final String UID = "6b1c-uid";
  private static RedisServer redis;
  private static S3ProxyServer s3;
  private static S3Client client;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> connection;
  private static WorkerAssembly assembly;
  private static Gateway gateway;
  private static final TokenTable TOKENS = new TokenTable();

  @TempDir
  Path dir;

  @BeforeAll
  static void startServices() {
    redis = RedisServer.start("shard-gateway");
    s3 = S3ProxyServer.start();
    // The gateway takes S3 credentials from the SDK's default chain; system properties are its first link.
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    client = S3ClientFactory.create(new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
    client.createBucket(b -> b.bucket("tts-out"));
    redisClient = RedisClient.create(redis.uri());
    connection = redisClient.connect();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    assembly = WorkerAssembly.create(WorkerConfig.embedded(), new WorkerAssembly.Environment(redis.uri(), null,
        new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true), null), meters,
        new PrintStream(OutputStream.nullOutputStream()));
    gateway = Gateway.start(new Gateway.Settings(0, "tts-gateway", Set.of("tts-out"), Duration.ofSeconds(10), 4,
        Duration.ofMinutes(5)), assembly, TOKENS, JobRecords.ASSUME_RUNNING, meters);
    TTSJob job = Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: welcome, namespace: team-a, uid: %s}
        spec:
          dialect: mandarin
          voice: mandarin-local
          format: wav
          providers: [espeak]
          items:
            - {id: a, text: "你好"}
            - {id: b, text: "谢谢"}
            - {id: c, text: "再见"}
            - {id: d, text: "早上好"}
            - {id: e, text: "晚安"}
          output:
            s3: {bucket: tts-out, prefix: welcome}
        """.formatted(UID), TTSJob.class);
    for (int index = 0; index < 2; index++) {
      TOKENS.shard("token-shard-" + index, new Caller("team-a", "tts-worker", "pod-" + index, "pod-uid-" + index),
          new Shard(job, "welcome-workers", index, 2));
    }
  }

  @AfterAll
  static void stopServices() {
    gateway.close();
    assembly.close();
    connection.close();
    redisClient.shutdown();
    client.close();
    s3.close();
    redis.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void twoShardsWriteThroughTheGatewayUnderTheNamespaceCountPerShardAndTheLastOneMergesTheManifest()
      throws Exception {
    assertThat(shard("token-shard-0")).as("shard 0 exit code").isZero();
    assertThat(keys()).as("shard 0 wrote its audio and manifest part, not yet the merged manifest")
        .contains("team-a/welcome/a.wav", "team-a/welcome/c.wav", "team-a/welcome/e.wav",
            "team-a/welcome/manifest-00000.jsonl")
        .doesNotContain("team-a/welcome/manifest.jsonl", "team-a/welcome/b.wav");
    assertThat(shard("token-shard-1")).as("shard 1 exit code").isZero();

    assertThat(keys()).allMatch(key -> key.startsWith("team-a/welcome/"))
        .contains("team-a/welcome/b.wav", "team-a/welcome/d.wav", "team-a/welcome/manifest.jsonl");
    String manifest = client.getObjectAsBytes(g -> g.bucket("tts-out").key("team-a/welcome/manifest.jsonl"))
        .asString(StandardCharsets.UTF_8);
    assertThat(manifest.lines()).hasSize(5).allMatch(line -> line.contains("\"status\":\"Succeeded\"")
        && line.contains("\"uri\":\"s3://tts-out/team-a/welcome/"));
    assertThat(progress(0)).containsEntry(ProgressField.TOTAL, "3").containsEntry(ProgressField.SUCCEEDED, "3")
        .containsEntry(ProgressField.SOURCE_DONE, "1").containsEntry(ProgressField.PROVIDER_PREFIX + "espeak", "3");
    assertThat(progress(1)).containsEntry(ProgressField.TOTAL, "2").containsEntry(ProgressField.SUCCEEDED, "2");

    assertThat(shard("token-shard-0")).as("restarted shard 0").isZero();

    assertThat(progress(0)).as("a restarted shard recounts instead of adding to its old counts, and reports the "
        + "items its predecessor wrote as it recorded them: made by espeak, not cache hits")
        .containsEntry(ProgressField.TOTAL, "3").containsEntry(ProgressField.SUCCEEDED, "3")
        .containsEntry(ProgressField.PROVIDER_PREFIX + "espeak", "3").doesNotContainKey(ProgressField.CACHED);
    String part = client.getObjectAsBytes(g -> g.bucket("tts-out").key("team-a/welcome/manifest-00000.jsonl"))
        .asString(StandardCharsets.UTF_8);
    assertThat(part.lines()).hasSize(3)
        .allMatch(line -> line.contains("\"provider\":\"espeak\"") && line.contains("\"cacheTier\":\"none\""));
  }

  @Test
  void aPodTheGatewayDoesNotRecogniseExitsWithTheNonRetryableCode() throws Exception {
    assertThat(shard("a-stolen-or-expired-token")).isEqualTo(3);
  }

  private int shard(String token) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token-" + token), token);
    StringWriter output = new StringWriter();
    CommandLine cli = WorkerCli.commandLine();
    cli.setOut(new PrintWriter(output, true));
    cli.setErr(new PrintWriter(output, true));
    return cli.execute("shard", "--gateway", "http://127.0.0.1:" + gateway.port(), "--token-file",
        tokenFile.toString(), "--tmp-dir", dir.toString());
  }

  private static List<String> keys() {
    return client.listObjectsV2(l -> l.bucket("tts-out")).contents().stream().map(S3Object::key).toList();
  }

  /** The shard's progress as the operator reads it: each field summed over its writers. */
  private static Map<String, String> progress(int shard) {
    Map<String, Long> sums = new TreeMap<>();
    connection.sync().hgetall(RedisKeys.shardProgress("team-a", "welcome", UID, shard))
        .forEach((field, value) -> sums.merge(ProgressField.baseName(field), Long.parseLong(value), Long::sum));
    Map<String, String> progress = new TreeMap<>();
    sums.forEach((field, sum) -> progress.put(field, String.valueOf(sum)));
    return progress;
  }
}
