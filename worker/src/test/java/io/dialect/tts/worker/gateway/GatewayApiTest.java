package io.dialect.tts.worker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.RedisKeys.UsageField;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.testing.DocumentedMetrics;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.testing.SimulatedVendor;
import io.dialect.tts.usage.QuotaLimits;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.dialect.tts.usage.UsageWindows;
import io.dialect.tts.worker.config.WorkerConfig;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The gateway's HTTP API as a team's pod sees it, with the real engine, Redis, a billed vendor over
 * HTTP and a real S3 API; identity is a token table here (KubernetesCallerIdentityTest covers the API
 * server's part). What a team controls - its requests' bodies and its own TTSJobs' specs - never reaches
 * another namespace's ledger, objects or the platform's cache bucket.
 */
class GatewayApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String APP_A = "token-app-team-a";
  private static final String APP_Q = "token-app-team-q";
  /** Its own namespace, so that the scrape test's call is in no other test's ledger. */
  private static final String APP_M = "token-app-team-m";
  private static final String SHARD_A = "token-shard-team-a";
  private static final String FOREIGN_SOURCE = "token-shard-foreign-source";
  private static final String CACHE_OUTPUT = "token-shard-cache-output";

  @TempDir
  static Path dir;

  private static RedisServer redis;
  private static S3ProxyServer s3;
  private static SimulatedVendor vendor;
  private static S3Client s3Client;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> connection;
  private static PrometheusMeterRegistry meters;
  private static WorkerAssembly assembly;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start("gateway-api");
    s3 = S3ProxyServer.start();
    vendor = SimulatedVendor.start();
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    s3Client = S3ClientFactory.create(new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
    for (String bucket : new String[] {"tts-out", "tts-in", "tts-cache"}) {
      s3Client.createBucket(b -> b.bucket(bucket));
    }
    redisClient = RedisClient.create(redis.uri());
    connection = redisClient.connect();
    Path key = Files.writeString(dir.resolve("xiangyinge-key"), "sk-platform");
    WorkerConfig config = WorkerConfig.parse("""
        providers:
          - name: xiangyinge
            type: xiangyinge
            baseUrl: %s
            keys: {primary: {file: %s}}
            rateLimit: {requestsPerSecond: 100}
          - name: espeak
            type: espeak
        providerOrder: [xiangyinge]
        cache: {scope: namespace, memory: {maxBytes: 1048576}}
        """.formatted(vendor.baseUrl(), key)).withEnvironmentOverrides(Map.of(WorkerConfig.ENV_S3_CACHE_BUCKET, "tts-cache"));
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    assembly = WorkerAssembly.create(config, new WorkerAssembly.Environment(redis.uri(), null,
        new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true), null), meters,
        new PrintStream(OutputStream.nullOutputStream()));
    TokenTable tokens = new TokenTable()
        .caller(APP_A, new Caller("team-a", "greeter", "greeter-1", "uid-greeter-1"))
        .caller(APP_Q, new Caller("team-q", "greeter", "greeter-q", "uid-greeter-q"))
        .caller(APP_M, new Caller("team-m", "greeter", "greeter-m", "uid-greeter-m"))
        .shard(SHARD_A, new Caller("team-a", "tts-worker", "w-0", "uid-w-0"), new Shard(job("""
            source: {s3: {bucket: tts-in, key: team-a/prompts.jsonl}}
            output: {s3: {bucket: tts-out, prefix: welcome}}"""), "welcome-workers", 0, 1))
        // Specs the operator's validation refuses; the gateway must refuse them on its own too.
        .shard(FOREIGN_SOURCE, new Caller("team-a", "tts-worker", "w-1", "uid-w-1"), new Shard(job("""
            source: {s3: {bucket: tts-in, key: team-b/secret-prompts.jsonl}}
            output: {s3: {bucket: tts-out}}"""), "welcome-workers", 0, 1))
        .shard(CACHE_OUTPUT, new Caller("team-a", "tts-worker", "w-2", "uid-w-2"), new Shard(job("""
            items: [{id: a, text: 你好}]
            output: {s3: {bucket: tts-cache}}"""), "welcome-workers", 0, 1));
    gateway = Gateway.start(new Gateway.Settings(0, "tts-gateway", Set.of(), Duration.ofSeconds(10), 4,
        Duration.ofMinutes(5)), assembly, tokens, JobRecords.ASSUME_RUNNING, meters);
  }

  private static TTSJob job(String sourceAndOutput) {
    return Serialization.unmarshal("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: welcome, namespace: team-a, uid: uid-job}
        spec:
          dialect: mandarin
        %s
        """.formatted(sourceAndOutput.indent(2)), TTSJob.class);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    assembly.close();
    connection.close();
    redisClient.shutdown();
    s3Client.close();
    vendor.close();
    s3.close();
    redis.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static HttpResponse<byte[]> call(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode error(HttpResponse<byte[]> response) throws Exception {
    return GatewayApi.JSON.readTree(response.body()).path("error");
  }

  private static Map<String, String> dailyUsage(String namespace) {
    return connection.sync().hgetall(UsageWindows.at(Instant.now(), ZoneId.of("UTC")).dailyKey(namespace));
  }

  @Test
  void aCallWithoutAVouchedForTokenIsUnauthenticated() throws Exception {
    String text = "没有令牌";
    for (String token : new String[] {null, "forged-token"}) {
      HttpResponse<byte[]> response = call("POST", GatewayApi.SYNTHESIZE, token,
          "{\"text\":\"" + text + "\",\"dialect\":\"dongbei\"}");
      assertThat(response.statusCode()).as("token " + token).isEqualTo(401);
      assertThat(error(response).path("code").asText()).isEqualTo(GatewayException.UNAUTHENTICATED);
    }
    assertThat(vendor.billedCharacters(text::equals)).as("nothing synthesized for an unknown caller").isZero();
  }

  @Test
  void aRequestNamingAnotherNamespaceIsRefusedNotIgnored() throws Exception {
    HttpResponse<byte[]> response = call("POST", GatewayApi.SYNTHESIZE, APP_A,
        "{\"text\":\"替别人付钱\",\"dialect\":\"mandarin\",\"namespace\":\"team-b\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("code").asText()).isEqualTo(GatewayException.INVALID_REQUEST);
    assertThat(error(response).path("message").asText()).contains("namespace");
    assertThat(dailyUsage("team-b")).isEmpty();
  }

  @Test
  void anApplicationsSynthesisIsBilledToItsOwnNamespace() throws Exception {
    String text = "老铁们晚上好";
    HttpResponse<byte[]> response = call("POST", GatewayApi.SYNTHESIZE, APP_A,
        "{\"text\":\"" + text + "\",\"dialect\":\"dongbei\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
    assertThat(response.body()).isNotEmpty();
    assertThat(response.headers().firstValue(GatewayApi.HEADER_PROVIDER)).hasValue("xiangyinge");
    assertThat(response.headers().firstValue(GatewayApi.HEADER_BILLED)).hasValue("6");
    assertThat(vendor.billedCharacters(text::equals)).as("the vendor billed the platform's key").isEqualTo(6);
    assertThat(dailyUsage("team-a")).as("team-a's ledger").containsEntry(UsageField.CHARACTERS, "6");
    assertThat(meters.get("tts.requests").tag("namespace", "team-a").tag("provider", "xiangyinge")
        .tag("status", "Succeeded").counter().count()).isEqualTo(1.0);
    assertThat(meters.get("tts.characters.billed").tag("namespace", "team-a").counter().count()).isEqualTo(6.0);
  }

  /**
   * What Prometheus scrapes from the gateway: every metric docs/operations.md lists as the gateway's, the JVM and
   * process metrics, Redis reachability, the vendor exchanges by status, and resilience4j's retry, rate limiter,
   * bulkhead and breaker metrics.
   */
  @Test
  void theScrapeCarriesEveryDocumentedGatewayMetric() throws Exception {
    assertThat(call("POST", GatewayApi.SYNTHESIZE, APP_M, "{\"text\":\"抓取指标\",\"dialect\":\"dongbei\"}")
        .statusCode()).isEqualTo(200);

    String scrape = new String(call("GET", "/metrics", null, null).body(), StandardCharsets.UTF_8);

    assertThat(DocumentedMetrics.of("gateway")).extracting(DocumentedMetrics.Metric::name)
        .contains("tts_requests_total", "tts_provider_requests_total");
    assertThat(DocumentedMetrics.disagreements("gateway", scrape)).as("scrape against docs/operations.md").isEmpty();
    assertThat(scrape).contains("tts_provider_requests_total{key=\"primary\",provider=\"xiangyinge\",status=\"200\"}")
        .contains("tts_redis_up{component=\"gateway\"} 1.0")
        .contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ",
            "process_cpu_usage ", "system_cpu_count ", "process_uptime_seconds ", "process_files_open_files ")
        .contains("resilience4j_retry_calls_total{", "resilience4j_ratelimiter_available_permissions{",
            "resilience4j_bulkhead_available_concurrent_calls{", "resilience4j_circuitbreaker_state{")
        .contains("tts_provider_rate_limit_wait_seconds_count{outcome=\"permitted\",provider=\"xiangyinge\"}");
  }

  @Test
  void aNamespaceOverItsHardQuotaGets429AndTheVendorIsNotCalled() throws Exception {
    new QuotaLimitsStore(connection).write("team-q", new QuotaLimits(QuotaLimits.Limit.characters(3),
        QuotaLimits.Limit.NONE, Enforcement.HARD, ZoneId.of("UTC")));
    String text = "这句话超过了配额";

    HttpResponse<byte[]> response = call("POST", GatewayApi.SYNTHESIZE, APP_Q,
        "{\"text\":\"" + text + "\",\"dialect\":\"dongbei\"}");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(error(response).path("code").asText()).isEqualTo(GatewayException.QUOTA_EXCEEDED);
    assertThat(vendor.billedCharacters(text::equals)).isZero();
  }

  @Test
  void anApplicationTokenOpensNoShardEndpoint() throws Exception {
    for (String[] call : new String[][] {{"GET", GatewayApi.SHARD}, {"POST", GatewayApi.SHARD_ITEMS},
        {"POST", GatewayApi.SHARD_PROGRESS}, {"POST", GatewayApi.SHARD_COMPLETE},
        {"POST", GatewayApi.SHARD_OUTPUT_URLS}, {"GET", GatewayApi.SHARD_SOURCE_URL}}) {
      HttpResponse<byte[]> response = call(call[0], call[1], APP_A, "{}");
      assertThat(response.statusCode()).as(call[1]).isEqualTo(403);
    }
  }

  @Test
  void aShardCannotReportWhatTheGatewayBills() throws Exception {
    HttpResponse<byte[]> response = call("POST", GatewayApi.SHARD_PROGRESS, SHARD_A,
        "{\"reset\":false,\"totals\":{\"" + ProgressField.CHARACTERS_BILLED + "\":0},\"sourceDone\":false}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("message").asText()).contains(ProgressField.CHARACTERS_BILLED);
    assertThat(connection.sync().hgetall(RedisKeys.shardProgress("team-a", "welcome", "uid-job", 0)))
        .doesNotContainKey(ProgressField.CHARACTERS_BILLED);
  }

  @Test
  void outputUrlsStayInTheJobsPlace() throws Exception {
    HttpResponse<byte[]> escape = call("POST", GatewayApi.SHARD_OUTPUT_URLS, SHARD_A,
        "{\"files\":[\"../../team-b/x.wav\"],\"method\":\"PUT\"}");
    assertThat(escape.statusCode()).isEqualTo(400);

    HttpResponse<byte[]> own = call("POST", GatewayApi.SHARD_OUTPUT_URLS, SHARD_A,
        "{\"files\":[\"a.wav\"],\"method\":\"PUT\"}");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(GatewayApi.JSON.readTree(own.body()).path("urls").path("a.wav").asText())
        .contains("/tts-out/team-a/welcome/a.wav?");
  }

  @Test
  void aSourceOutsideTheNamespaceGetsNoUrl() throws Exception {
    HttpResponse<byte[]> own = call("GET", GatewayApi.SHARD_SOURCE_URL, SHARD_A, null);
    assertThat(own.statusCode()).isEqualTo(200);

    HttpResponse<byte[]> foreign = call("GET", GatewayApi.SHARD_SOURCE_URL, FOREIGN_SOURCE, null);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(error(foreign).path("message").asText()).contains("team-a/");
  }

  @Test
  void theCacheBucketIsNoJobsOutput() throws Exception {
    HttpResponse<byte[]> response = call("POST", GatewayApi.SHARD_OUTPUT_URLS, CACHE_OUTPUT,
        "{\"files\":[\"a.wav\"],\"method\":\"PUT\"}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(error(response).path("message").asText()).contains("audio cache");
  }
}
