package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.SimulatedVendor;
import io.dialect.tts.worker.audio.AudioJoiner;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.cache.RedisClientFactory;
import io.dialect.tts.worker.provider.ProviderOutcome.Served;
import io.dialect.tts.worker.provider.config.ProvidersConfig;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor limits the account, not a replica: two gateway replicas (two chains, as two processes have)
 * calling one vendor with a per-second limit, paced by the shared bucket in a real Redis.
 */
class AccountRateLimitTest {
  private static final int VENDOR_LIMIT = 10;
  private static final int CALLS_PER_REPLICA = 24;

  private final SimulatedVendor vendor = SimulatedVendor.start().requestsPerSecond(VENDOR_LIMIT);
  private final RedisServer redis = RedisServer.start("rate-limit");
  private final RedisClient client = RedisClientFactory.create(redis.uri(), null, Duration.ofSeconds(2));
  private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    connections.forEach(StatefulRedisConnection::close);
    client.shutdown();
    redis.close();
    vendor.close();
  }

  /** A replica's chain: the vendor paced at 6 per second plus a burst of 1, well under its limit of 10. */
  private ProviderChain replica(boolean shared) throws Exception {
    String yaml = """
        providers:
          - name: xiangyinge
            type: xiangyinge
            baseUrl: %s
            keys: {primary: {env: XY_KEY}}
            timeouts: {connect: 2s, request: 10s}
            retry: {maxAttempts: 1}
            rateLimit: {requestsPerSecond: 6, burst: 1, maxWait: 30s}
            maxConcurrency: 8
        providerOrder: [xiangyinge]
        """.formatted(vendor.baseUrl());
    ProvidersConfig config = ProvidersConfig.fromConfigNode(new YAMLMapper().readTree(yaml));
    AudioTranscoder transcoder = new AudioTranscoder();
    SharedLimits limits = null;
    if (shared) {
      StatefulRedisConnection<String, String> connection = client.connect();
      connections.add(connection);
      limits = new SharedLimits(connection, meters);
    }
    return new ProviderChain(ProviderRegistry.fromConfig(config, Map.of("XY_KEY", "sk-account")::get, transcoder, meters),
        VoiceCatalog.defaultCatalog(), new AudioJoiner(transcoder), meters, limits);
  }

  /** Both replicas call at once from 4 threads each; returns the outcomes. */
  private List<ProviderOutcome> callFromBoth(ProviderChain first, ProviderChain second) throws Exception {
    List<Future<ProviderOutcome>> calls = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < CALLS_PER_REPLICA; i++) {
        for (ProviderChain replica : List.of(first, second)) {
          String text = "老铁 " + i + " " + replica.hashCode();
          calls.add(threads.submit(() -> replica.synthesize(
              new SynthesisRequest(text, "dongbei", "dongbei_laotie", 1.0, "neutral", AudioFormat.MP3), null)));
        }
      }
      List<ProviderOutcome> outcomes = new ArrayList<>();
      for (Future<ProviderOutcome> call : calls) {
        outcomes.add(call.get());
      }
      return outcomes;
    }
  }

  @Test
  void twoReplicasDrawingFromTheSharedBucketStayUnderTheAccountLimit() throws Exception {
    List<ProviderOutcome> outcomes = callFromBoth(replica(true), replica(true));

    assertThat(outcomes).as("every call served by the vendor").allSatisfy(o -> assertThat(o).isInstanceOf(Served.class));
    assertThat(vendor.answered(429)).as("rate-limited answers from the vendor").isZero();
    assertThat(vendor.answered(200)).isEqualTo(2L * CALLS_PER_REPLICA);
    Timer waits = meters.get(ProviderPacing.WAIT).tags("provider", "xiangyinge", "outcome", "permitted").timer();
    assertThat(waits.count()).as("every call waited for a permit").isEqualTo(2L * CALLS_PER_REPLICA);
    assertThat(waits.totalTime(TimeUnit.SECONDS)).as("8 calls at once through a bucket of 6 per second: queued")
        .isGreaterThan(1.0);
  }

  /** The same load paced by each replica alone: together they send twice the rate, and the vendor says so. */
  @Test
  void replicasPacingAloneOverrunTheAccountLimit() throws Exception {
    callFromBoth(replica(false), replica(false));

    assertThat(vendor.answered(429)).as("rate-limited answers from the vendor").isPositive();
  }

  @Test
  void withRedisAwayEachReplicaPacesAloneRatherThanStopping() throws Exception {
    ProviderChain replica = replica(true);
    redis.stop();

    ProviderOutcome outcome = replica.synthesize(
        new SynthesisRequest("老铁没毛病", "dongbei", "dongbei_laotie", 1.0, "neutral", AudioFormat.MP3), null);

    assertThat(outcome).isInstanceOf(Served.class);
    assertThat(meters.get("tts_provider_rate_limit_local_fallbacks").tag("provider", "xiangyinge").counter().count())
        .isEqualTo(1.0);
  }
}
