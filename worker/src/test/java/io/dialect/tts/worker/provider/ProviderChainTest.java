package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.audio.AudioJoiner;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.audio.Ffprobe;
import io.dialect.tts.worker.provider.ProviderOutcome.Failed;
import io.dialect.tts.worker.provider.ProviderOutcome.Served;
import io.dialect.tts.worker.provider.config.ProvidersConfig;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import io.fabric8.mockwebserver.http.MockResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The failover chain against real HTTP upstreams (fabric8 mock web server) with injected faults,
 * real espeak-ng for the local fallback, and the default voice catalog.
 */
class ProviderChainTest {
  private static final Map<String, String> ENV = Map.of(
      "XY_PRIMARY", "xy-primary-secret", "XY_BACKUP", "xy-backup-secret", "AZ_PRIMARY", "az-primary-secret");
  private static final byte[] VENDOR_AUDIO = "ID3-vendor-audio".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AZURE_AUDIO = "ID3-azure-audio".getBytes(StandardCharsets.UTF_8);

  private final ScriptedUpstream vendor = new ScriptedUpstream();
  private final ScriptedUpstream azure = new ScriptedUpstream().then(new MockResponse().setResponseCode(200).setBody(AZURE_AUDIO));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /**
   * Micrometer holds the state behind function counters and gauges weakly: the chain (and with it the
   * resilience4j registries its metrics read) must stay reachable while a test reads those metrics.
   */
  private ProviderChain lastChain;

  @AfterEach
  void stopServers() {
    vendor.close();
    azure.close();
  }

  /**
   * @param vendorTimeout the vendor's request timeout: generous by default, since a loaded CI machine
   *                      must not turn a normal answer into a timeout; short where timeouts are the point
   */
  private ProviderChain chain(String vendorUrl, int breakerMinimumCalls, String vendorTimeout) throws Exception {
    return chain(vendorUrl, breakerMinimumCalls, vendorTimeout, 2000);
  }

  /** @param vendorMaxCharacters the vendor's limit per request: longer texts go in chunks */
  private ProviderChain chain(String vendorUrl, int breakerMinimumCalls, String vendorTimeout, int vendorMaxCharacters)
      throws Exception {
    String yaml = """
        providers:
          - name: xiangyinge
            type: xiangyinge
            baseUrl: %s
            keys: {primary: {env: XY_PRIMARY}, backup: {env: XY_BACKUP}}
            maxCharactersPerRequest: %d
            timeouts: {connect: 2s, request: %s}
            retry: {maxAttempts: 3, initialBackoff: 10ms, maxBackoff: 50ms, multiplier: 2}
            circuitBreaker: {failureRateThreshold: 50, minimumCalls: %d, slidingWindowSize: %d, openFor: 10m}
          - name: azure
            type: azure
            baseUrl: %s
            keys: {primary: {env: AZ_PRIMARY}}
            timeouts: {connect: 2s, request: 10s}
            retry: {maxAttempts: 2, initialBackoff: 10ms, maxBackoff: 50ms}
          - name: espeak
            type: espeak
        providerOrder: [xiangyinge, azure]
        """.formatted(vendorUrl, vendorMaxCharacters, vendorTimeout, breakerMinimumCalls, breakerMinimumCalls,
        azure.baseUrl());
    ProvidersConfig config = ProvidersConfig.fromConfigNode(new YAMLMapper().readTree(yaml));
    AudioTranscoder transcoder = new AudioTranscoder();
    lastChain = new ProviderChain(ProviderRegistry.fromConfig(config, ENV::get, transcoder, meters),
        VoiceCatalog.defaultCatalog(), new AudioJoiner(transcoder), meters);
    return lastChain;
  }

  private ProviderChain chain() throws Exception {
    return chain(vendor.baseUrl(), 100, "10s");
  }

  private static SynthesisRequest dongbei(String text) {
    return new SynthesisRequest(text, "dongbei", "dongbei_laotie", 1.0, "neutral", AudioFormat.MP3);
  }

  private static List<String> authorizations(ScriptedUpstream upstream) {
    return upstream.arrivals().stream().map(a -> a.request().getHeader("Authorization")).toList();
  }

  @Test
  void serverErrorsAreRetriedUntilTheProviderAnswers() throws Exception {
    vendor.then(500, "oops").then(503, "busy").then(new MockResponse().setResponseCode(200).setBody(VENDOR_AUDIO));

    ProviderOutcome outcome = chain().synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).as("served by the vendor after two retries").isInstanceOfSatisfying(Served.class, s -> {
      assertThat(s.provider()).isEqualTo("xiangyinge");
      assertThat(s.keyName()).isEqualTo("primary");
      assertThat(s.attempts()).as("upstream calls for the item").isEqualTo(3);
      assertThat(s.audio().data()).isEqualTo(VENDOR_AUDIO);
      assertThat(s.degraded()).isFalse();
      assertThat(s.billedCharacters()).isEqualTo(4);
    });
    assertThat(vendor.requestCount()).isEqualTo(3);
    assertThat(azure.requestCount()).as("no failover when retries succeed").isZero();
    assertThat(meters.find("resilience4j.retry.calls").tag("name", "xiangyinge").tag("kind", "successful_with_retry")
        .functionCounter().count()).as("retry metrics bound to the registry").isEqualTo(1.0);
    assertThat(answersLost("xiangyinge")).as("an error answer is an answer: nothing possibly billed").isZero();
  }

  @Test
  void tooManyRequestsWaitsAtLeastTheRetryAfterSeconds() throws Exception {
    vendor.then(new MockResponse().setResponseCode(429).addHeader("Retry-After", "1").setBody("slow down"))
        .then(new MockResponse().setResponseCode(200).setBody(VENDOR_AUDIO));

    ProviderOutcome outcome = chain().synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).isInstanceOf(Served.class);
    List<ScriptedUpstream.Arrival> arrivals = vendor.arrivals();
    assertThat(arrivals).hasSize(2);
    Duration waited = Duration.ofNanos(arrivals.get(1).nanos() - arrivals.get(0).nanos());
    assertThat(waited).as("gap between the 429 and the retry (our own backoff is at most 50ms)")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anAnswerSlowerThanTheRequestTimeoutIsRetriedThenFailedOver() throws Exception {
    vendor.then(new MockResponse().setResponseCode(200).setBodyDelay(20, TimeUnit.SECONDS).setBody(VENDOR_AUDIO));

    ProviderOutcome outcome = chain(vendor.baseUrl(), 100, "1s").synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("azure"));
    assertThat(vendor.requestCount()).as("three timed-out attempts at the vendor").isEqualTo(3);
    assertThat(upstreamRequests("xiangyinge", "primary", "timeout")).isEqualTo(3.0);
    assertThat(answersLost("xiangyinge")).as("each timed-out attempt may have been billed: 3 × 4 characters")
        .isEqualTo(12.0);
    assertThat(answersLost("azure")).isZero();
  }

  private double answersLost(String provider) {
    return meters.get(ProviderChain.ANSWER_LOST).tag("provider", provider).counter().count();
  }

  /** {@code tts_provider_requests_total{provider,key,status}}: 0 when no exchange had that outcome. */
  private double upstreamRequests(String provider, String key, String status) {
    Counter counter = meters.find(UpstreamHttp.REQUESTS).tags("provider", provider, "key", key, "status", status)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void everyExchangeWithAVendorIsCountedByProviderKeyAndStatusEachChunkAndRetry() throws Exception {
    // Two chunks: the first is served, the second meets a 429, then 500s until the retries are spent; azure serves.
    vendor.then(new MockResponse().setResponseCode(200).setBody(VENDOR_AUDIO)).then(429, "slow down")
        .then(500, "oops").then(500, "oops");

    ProviderOutcome outcome = chain(vendor.baseUrl(), 100, "10s", 10).synthesize(dongbei("老铁们好。今天咱们唠嗑。"), null);

    assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("azure"));
    assertThat(upstreamRequests("xiangyinge", "primary", "200")).as("the first chunk").isEqualTo(1.0);
    assertThat(upstreamRequests("xiangyinge", "primary", "429")).isEqualTo(1.0);
    assertThat(upstreamRequests("xiangyinge", "primary", "500")).as("both retries of the second chunk").isEqualTo(2.0);
    assertThat(upstreamRequests("xiangyinge", "backup", "200")).as("retries spent: no other key of a failing provider")
        .isZero();
    assertThat(upstreamRequests("azure", "primary", "200")).isEqualTo(1.0);
    assertThat(meters.find(UpstreamHttp.REQUESTS).counters()).as("keys by name, never by value")
        .allSatisfy(c -> assertThat(c.getId().getTags()).noneMatch(t -> t.getValue().contains("secret")));
  }

  @Test
  void aVendorThatRefusesConnectionsIsCountedAsConnectFailures() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    ProviderOutcome outcome = chain("http://127.0.0.1:" + closedPort, 100, "10s").synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("azure"));
    assertThat(upstreamRequests("xiangyinge", "primary", "connect")).as("three attempts, no connection").isEqualTo(3.0);
    assertThat(answersLost("xiangyinge")).as("never sent: never billed").isZero();
  }

  @Test
  void aBodyThatStallsPastTheTimeoutIsRetriedThenFailedOver() throws Exception {
    // Headers and the first bytes arrive at once, the rest of the promised body never does.
    vendor.then(new MockResponse().setResponseCode(200).setHeader("Content-Length", "100000").setBody("ID3-partial"));

    ProviderOutcome outcome = chain(vendor.baseUrl(), 100, "1s").synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("azure"));
    assertThat(vendor.requestCount()).isEqualTo(3);
  }

  @Test
  void aDroppedConnectionIsRetriedThenFailedOver() throws Exception {
    try (DroppingUpstream dropping = new DroppingUpstream()) {
      ProviderOutcome outcome = chain(dropping.baseUrl(), 100, "10s").synthesize(dongbei("老铁们好"), null);

      assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("azure"));
      assertThat(dropping.connections()).as("each attempt opened a connection that was reset").isEqualTo(3);
      assertThat(upstreamRequests("xiangyinge", "primary", "io")).isEqualTo(3.0);
      assertThat(answersLost("xiangyinge")).as("sent, then the connection broke: possibly billed").isEqualTo(12.0);
    }
  }

  @Test
  void chunksAProviderBilledBeforeFailingCountInWhatTheItemCost() throws Exception {
    // Two sentences over the vendor's 10-character limit: two chunks; the first is billed, the second fails.
    vendor.then(new MockResponse().setResponseCode(200).setBody(VENDOR_AUDIO)).then(500, "oops").then(500, "oops")
        .then(500, "oops");
    String text = "老铁们好。今天咱们唠嗑。";

    ProviderOutcome outcome = chain(vendor.baseUrl(), 100, "10s", 10).synthesize(dongbei(text), null);

    assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> {
      assertThat(s.provider()).as("the whole text from the next provider").isEqualTo("azure");
      assertThat(s.billedCharacters()).as("the vendor's billed first chunk, then azure's whole text")
          .isEqualTo("老铁们好。".length() + text.length());
      assertThat(s.billedCalls()).as("1 + 3 vendor calls, 1 azure call").isEqualTo(5);
    });
    assertThat(vendor.requestCount()).isEqualTo(4);
  }

  @Test
  void anOpenBreakerSkipsTheProviderWithoutCallingIt() throws Exception {
    vendor.then(500, "down");
    ProviderChain chain = chain(vendor.baseUrl(), 3, "10s");

    ProviderOutcome first = chain.synthesize(dongbei("第一句"), null);
    int callsWhileClosed = vendor.requestCount();
    ProviderOutcome second = chain.synthesize(dongbei("第二句"), null);

    assertThat(first).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("azure"));
    assertThat(callsWhileClosed).isEqualTo(3);
    assertThat(second).isInstanceOfSatisfying(Served.class, s -> {
      assertThat(s.provider()).isEqualTo("azure");
      assertThat(s.attempts()).as("only azure was called").isEqualTo(1);
    });
    assertThat(vendor.requestCount()).as("the open breaker kept the second item away from the vendor").isEqualTo(3);
    assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "xiangyinge").tag("state", "open")
        .gauge().value()).as("breaker state exported to Micrometer").isEqualTo(1.0);
  }

  @Test
  void rateLimitAnswersAreRetriedButNeverOpenTheBreaker() throws Exception {
    MockResponse slowDown = new MockResponse().setResponseCode(429).addHeader("Retry-After", "0").setBody("slow down");
    vendor.then(slowDown).then(slowDown).then(slowDown).then(slowDown).then(slowDown).then(slowDown)
        .then(new MockResponse().setResponseCode(200).setBody(VENDOR_AUDIO));
    ProviderChain chain = chain(vendor.baseUrl(), 3, "10s");

    ProviderOutcome first = chain.synthesize(dongbei("第一句"), null);
    ProviderOutcome second = chain.synthesize(dongbei("第二句"), null);
    ProviderOutcome third = chain.synthesize(dongbei("第三句"), null);

    assertThat(first).as("retries spent on 429s fail over").isInstanceOfSatisfying(Served.class,
        s -> assertThat(s.provider()).isEqualTo("azure"));
    assertThat(second).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("azure"));
    assertThat(third).as("six 429s later the vendor is still asked: a rate limit is not an outage")
        .isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("xiangyinge"));
    assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "xiangyinge").tag("state", "closed")
        .gauge().value()).isEqualTo(1.0);
  }

  @ParameterizedTest(name = "HTTP {0} on the primary key")
  @ValueSource(ints = {401, 402, 403})
  void aRefusedPrimaryKeyFailsOverToTheBackupKeyAndStaysOut(int status) throws Exception {
    vendor.then(status, "key refused").then(new MockResponse().setResponseCode(200).setBody(VENDOR_AUDIO));
    ProviderChain chain = chain();

    ProviderOutcome first = chain.synthesize(dongbei("老铁们好"), null);
    ProviderOutcome second = chain.synthesize(dongbei("再来一句"), null);

    assertThat(first).isInstanceOfSatisfying(Served.class, s -> {
      assertThat(s.provider()).isEqualTo("xiangyinge");
      assertThat(s.keyName()).isEqualTo("backup");
    });
    assertThat(second).isInstanceOfSatisfying(Served.class, s -> assertThat(s.keyName()).isEqualTo("backup"));
    assertThat(authorizations(vendor)).as("refused once, no retry with the same key; its breaker then keeps it out")
        .containsExactly("Bearer xy-primary-secret", "Bearer xy-backup-secret", "Bearer xy-backup-secret");
  }

  @Test
  void bothKeysRefusedFailsOverToTheNextProvider() throws Exception {
    vendor.then(402, "no credit").then(403, "forbidden");

    ProviderOutcome outcome = chain().synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> {
      assertThat(s.provider()).isEqualTo("azure");
      assertThat(s.keyName()).isEqualTo("primary");
      assertThat(s.audio().data()).isEqualTo(AZURE_AUDIO);
    });
    assertThat(authorizations(vendor)).containsExactly("Bearer xy-primary-secret", "Bearer xy-backup-secret");
    assertThat(azure.arrivals().get(0).request().getHeader("Ocp-Apim-Subscription-Key")).isEqualTo("az-primary-secret");
  }

  @Test
  void aCallerErrorFailsTheItemWithoutRetryOrFailover() throws Exception {
    vendor.then(400, "{\"error\":\"text contains unsupported characters\"}");

    ProviderOutcome outcome = chain().synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("ProviderRejected");
      assertThat(f.message()).contains("HTTP 400").contains("unsupported characters");
    });
    assertThat(vendor.requestCount()).as("no retry").isEqualTo(1);
    assertThat(azure.requestCount()).as("no failover").isZero();
  }

  @Test
  void whenEveryRemoteProviderFailsDongbeiIsSpokenByEspeakMarkedDegraded() throws Exception {
    vendor.then(500, "down");
    azure.always(500, "down");

    ProviderOutcome outcome = chain().synthesize(dongbei("老铁们好"), null);

    assertThat(outcome).isInstanceOfSatisfying(Served.class, s -> {
      assertThat(s.provider()).isEqualTo("espeak");
      assertThat(s.keyName()).isEqualTo("none");
      assertThat(s.degraded()).isTrue();
      assertThat(s.billedCharacters()).as("the local engine is free").isZero();
      try {
        assertThat(Ffprobe.durationSeconds(s.audio())).as("espeak mp3 decodes").isPositive();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void whenEveryRemoteProviderFailsShanghaineseFailsBecauseNoLocalVoiceStandsIn() throws Exception {
    // The upstream error page echoes the request's auth header: the key must still not surface.
    vendor.then(500, "upstream saw Authorization: Bearer xy-primary-secret");
    azure.always(503, "down");
    SynthesisRequest shanghai = new SynthesisRequest("侬好", "shanghai", "shanghai_ayi", 1.0, "neutral", AudioFormat.MP3);

    ProviderOutcome outcome = chain().synthesize(shanghai, null);

    assertThat(outcome).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("AllProvidersFailed");
      assertThat(f.message()).contains("xiangyinge/primary", "azure/primary", "no local fallback")
          .doesNotContain("xy-primary-secret", "az-primary-secret");
    });
  }

  @Test
  void providersWithoutAVoiceAreSkippedAndAnExplicitOrderIsFollowed() throws Exception {
    SynthesisRequest minnan = new SynthesisRequest("食饱未", "minnan", "minnan_a_ma", 1.0, "neutral", AudioFormat.MP3);
    vendor.then(new MockResponse().setResponseCode(200).setBody(VENDOR_AUDIO));
    ProviderChain chain = chain();

    ProviderOutcome azureOnly = chain.synthesize(minnan, List.of("azure"));
    ProviderOutcome unknown = chain.synthesize(minnan, List.of("nosuch"));
    ProviderOutcome vendorServes = chain.synthesize(minnan, List.of("azure", "xiangyinge"));

    assertThat(azureOnly).as("azure has no Minnan voice and Minnan has no local fallback")
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason()).isEqualTo("NoVoice"));
    assertThat(unknown).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason()).isEqualTo("UnknownProvider"));
    assertThat(vendorServes).isInstanceOfSatisfying(Served.class, s -> assertThat(s.provider()).isEqualTo("xiangyinge"));
    assertThat(azure.requestCount()).isZero();
  }
}
