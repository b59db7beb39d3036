package io.dialect.tts.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.RedisKeys.UsageField;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.CacheSpec;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.usage.QuotaLimits;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.dialect.tts.usage.UsageWindows;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.engine.BillingMeter;
import io.dialect.tts.worker.engine.JobContext;
import io.dialect.tts.worker.engine.SynthesisEngine;
import io.dialect.tts.worker.output.DirectoryAudioSink;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.source.SourceEntry;
import io.dialect.tts.worker.source.SourceItem;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quota stage of the synthesis engine, as the worker assembles it: a real Redis ledger, a billed
 * upstream on a mock web server that counts its requests, and the in-process cache.
 */
class QuotaStageTest {
  private static final String NS = "team-a";
  private static final byte[] AUDIO = "ID3-vendor-audio".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private MockWebServer upstream;
  private final AtomicInteger upstreamRequests = new AtomicInteger();

  @BeforeEach
  void start() {
    redis = RedisServer.start("quota-stage");
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    upstream = new MockWebServer();
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        upstreamRequests.incrementAndGet();
        return new MockResponse().setResponseCode(200).setBody(AUDIO);
      }
    });
    upstream.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    upstream.shutdown();
    connection.close();
    client.shutdown();
    redis.close();
  }

  private WorkerAssembly assembly(String whenRedisUnavailable) throws IOException {
    Path key = Files.writeString(dir.resolve("xiangyinge.key"), "sk-test");
    WorkerConfig config = WorkerConfig.parse("""
        providers:
          - name: xiangyinge
            type: xiangyinge
            baseUrl: http://127.0.0.1:%d
            keys: {primary: {file: %s}}
            timeouts: {connect: 2s, request: 10s}
            retry: {maxAttempts: 1, initialBackoff: 10ms, maxBackoff: 10ms}
          - name: espeak
            type: espeak
        providerOrder: [xiangyinge]
        quota: {whenRedisUnavailable: %s}
        """.formatted(upstream.getPort(), key, whenRedisUnavailable));
    return WorkerAssembly.create(config, new WorkerAssembly.Environment(redis.uri(), null, null, null),
        new SimpleMeterRegistry(), new PrintStream(OutputStream.nullOutputStream()));
  }

  private static TTSJob job(boolean cache) {
    TTSJob job = new TTSJob();
    job.getMetadata().setName("welcome");
    job.getMetadata().setNamespace(NS);
    TTSJobSpec spec = new TTSJobSpec();
    spec.setDialect("dongbei");
    spec.setVoice("dongbei_laotie");
    spec.setProviders(List.of("xiangyinge"));
    CacheSpec cacheSpec = new CacheSpec();
    cacheSpec.setEnabled(cache);
    spec.setCache(cacheSpec);
    job.setSpec(spec);
    return job;
  }

  private ItemPipeline pipeline(WorkerAssembly assembly, boolean cache) {
    JobContext context = JobContext.of(job(cache), assembly.config().catalog(), BillingMeter.NONE);
    return new ItemPipeline(item -> assembly.engine().synthesize(context, item), AudioFormat.MP3,
        new DirectoryAudioSink(dir.resolve("out"), NS + "/welcome/"), EarlierResults.NONE);
  }

  private static ManifestEntry run(ItemPipeline pipeline, String id, String text) {
    return pipeline.process(new SourceEntry.Item(0, 0, new SourceItem(id, text))).entry();
  }

  private Map<String, String> todaysUsage() {
    return connection.sync().hgetall(UsageWindows.at(Instant.now(), ZoneId.of("UTC")).dailyKey(NS));
  }

  private void dailyLimit(long characters) {
    new QuotaLimitsStore(connection).write(NS, new QuotaLimits(QuotaLimits.Limit.characters(characters),
        QuotaLimits.Limit.NONE, Enforcement.HARD, ZoneId.of("UTC")));
  }

  @Test
  void itemsBeyondAHardDailyLimitEndQuotaExceededWithoutReachingTheUpstreamWhileCacheHitsAreStillServed()
      throws IOException {
    dailyLimit(20);
    try (WorkerAssembly assembly = assembly("fail-closed")) {
      ItemPipeline pipeline = pipeline(assembly, true);

      ManifestEntry first = run(pipeline, "a", "老铁们好啊老铁们");      // 8 characters
      ManifestEntry second = run(pipeline, "b", "今天天气真好啊吧");     // 8, 16 used
      ManifestEntry third = run(pipeline, "c", "这一句话不够地方了");     // 9: 25 > 20, refused
      ManifestEntry fourth = run(pipeline, "d", "好的");                // 2: 18, still fits
      ManifestEntry again = run(pipeline, "e", "老铁们好啊老铁们");      // same as a: from the cache

      assertThat(first.status()).isEqualTo(ItemStatus.Succeeded);
      assertThat(second.status()).isEqualTo(ItemStatus.Succeeded);
      assertThat(third.status()).as("over the daily limit").isEqualTo(ItemStatus.QuotaExceeded);
      assertThat(third.reason()).isEqualTo("QuotaExceeded");
      assertThat(fourth.status()).as("each item asks the ledger: one refusal does not refuse the rest")
          .isEqualTo(ItemStatus.Succeeded);
      assertThat(again.status()).as("a cache hit is free").isEqualTo(ItemStatus.Succeeded);
      assertThat(again.cacheTier()).isEqualTo("memory");
      assertThat(upstreamRequests.get()).as("only the items within the limit reached the upstream").isEqualTo(3);
      assertThat(todaysUsage()).as("usage in Redis")
          .containsEntry(UsageField.CHARACTERS, "18")
          .containsEntry(UsageField.REQUESTS, "3")
          .containsEntry(UsageField.CACHE_HITS, "1");
    }
  }

  @Test
  void aFailedUpstreamCallIsRefunded() throws IOException {
    dailyLimit(100);
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        upstreamRequests.incrementAndGet();
        return new MockResponse().setResponseCode(400).setBody("bad voice");
      }
    });
    try (WorkerAssembly assembly = assembly("fail-closed")) {
      ManifestEntry entry = run(pipeline(assembly, false), "a", "老铁们好");

      assertThat(entry.status()).isEqualTo(ItemStatus.Failed);
      assertThat(upstreamRequests.get()).isEqualTo(1);
      assertThat(todaysUsage()).as("the reservation went back").containsEntry(UsageField.CHARACTERS, "0")
          .containsEntry(UsageField.REQUESTS, "0");
    }
  }

  @Test
  void withRedisDownFailClosedRefusesBilledCallsAndSaysWhy() throws IOException {
    dailyLimit(1_000);
    try (WorkerAssembly assembly = assembly("fail-closed")) {
      ItemPipeline pipeline = pipeline(assembly, false);
      assertThat(run(pipeline, "a", "老铁们好").status()).isEqualTo(ItemStatus.Succeeded);

      redis.stop();
      ManifestEntry during = run(pipeline, "b", "今天天气真好");

      assertThat(during.status()).isEqualTo(ItemStatus.QuotaExceeded);
      assertThat(during.reason()).isEqualTo("QuotaUnavailable");
      assertThat(upstreamRequests.get()).as("no billed call nobody counts").isEqualTo(1);
    }
  }

  @Test
  void withRedisDownFailOpenBillsOnAndMarksTheItemUnchecked() throws IOException {
    dailyLimit(1_000);
    try (WorkerAssembly assembly = assembly("fail-open")) {
      ItemPipeline pipeline = pipeline(assembly, false);
      assertThat(run(pipeline, "a", "老铁们好").reason()).as("checked while Redis is up").isNull();

      redis.stop();
      ManifestEntry during = run(pipeline, "b", "今天天气真好");

      assertThat(during.status()).isEqualTo(ItemStatus.Succeeded);
      assertThat(during.reason()).isEqualTo(SynthesisEngine.QUOTA_NOT_CHECKED);
      assertThat(upstreamRequests.get()).isEqualTo(2);
    }
  }

  @Test
  void theQuotaSectionAcceptsOnlyFailClosedOrFailOpen() {
    assertThatThrownBy(() -> WorkerConfig.parse("""
        providers: [{name: espeak, type: espeak}]
        quota: {whenRedisUnavailable: maybe}
        """))
        .hasMessageContaining("quota section is invalid")
        .hasStackTraceContaining("quota.whenRedisUnavailable must be fail-closed or fail-open, was maybe");
  }
}
