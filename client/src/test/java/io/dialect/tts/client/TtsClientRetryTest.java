package io.dialect.tts.client;

import static io.dialect.tts.client.ScriptedGateway.error;
import static io.dialect.tts.client.ScriptedGateway.mp3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failures the client retries, how long it waits, and how each failure reaches the caller. */
@Timeout(30) // a retry that should not happen must fail the test, not hang the build
class TtsClientRetryTest {
  private static final int MAX_ATTEMPTS = 3;

  @TempDir
  Path dir;
  private Path tokenFile;
  private final ScriptedGateway gateway = new ScriptedGateway();
  private TtsClient client;

  @BeforeEach
  void start() throws Exception {
    tokenFile = Files.writeString(dir.resolve("token"), "token-one");
    client = clientOf(gateway.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    gateway.close();
  }

  /** Small backoffs keep the suite fast; the algorithm itself is {@link BackoffTest}'s. */
  private TtsClient.Builder clientOf(URI baseUrl) {
    return TtsClient.builder().baseUrl(baseUrl).tokenFile(tokenFile)
        .maxAttempts(MAX_ATTEMPTS).backoff(Duration.ofMillis(1), Duration.ofMillis(10));
  }

  @Test
  void retriesAnUnavailableGatewayAndReturnsTheLaterAudio() {
    gateway.then(error(503, "Unavailable", "draining")).then(mp3());

    Speech speech = client.synthesize(SpeechRequest.of("你好"));

    assertThat(speech.provider()).contains("xiangyinge");
    assertThat(gateway.requestCount()).isEqualTo(2);
  }

  @Test
  void retriesABadGatewayFromAProxyThatSendsNoJsonAndQuotesItsPage() {
    gateway.then(new MockResponse().setResponseCode(502).setBody("<html>upstream connect error</html>"));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsUnavailableException.class, e -> {
          assertThat(e.code()).as("the code a 502 stands for when the body has none").isEqualTo("BadGateway");
          assertThat(e.httpStatus()).isEqualTo(502);
        })
        .hasMessageContaining("upstream connect error");
    assertThat(gateway.requestCount()).isEqualTo(MAX_ATTEMPTS);
  }

  @Test
  void waitsAsLongAsRetryAfterAsksWhenThatIsLongerThanTheBackoff() {
    gateway.then(error(429, "RateLimited", "slow down").setHeader("Retry-After", "1")).then(mp3());

    client.synthesize(SpeechRequest.of("你好"));

    var arrivals = gateway.arrivals();
    Duration waited = Duration.ofNanos(arrivals.get(1).nanos() - arrivals.get(0).nanos());
    assertThat(waited).as("backoff is at most 10 ms here; only Retry-After: 1 explains the wait")
        .isGreaterThanOrEqualTo(Duration.ofMillis(950)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastFailure() {
    gateway.then(error(503, "Unavailable", "overloaded"));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsUnavailableException.class, e -> {
          assertThat(e.attempts()).isEqualTo(MAX_ATTEMPTS);
          assertThat(e.code()).isEqualTo("Unavailable");
          assertThat(e.httpStatus()).isEqualTo(503);
        })
        .hasMessageContaining("overloaded");
    assertThat(gateway.requestCount()).isEqualTo(MAX_ATTEMPTS);
  }

  @Test
  void retriesARefusedConnectionThenReportsTheGatewayUnavailable() throws IOException {
    URI nobodyListening;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobodyListening = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    try (TtsClient unreachable = clientOf(nobodyListening).build()) {
      assertThatThrownBy(() -> unreachable.synthesize(SpeechRequest.of("你好")))
          .isInstanceOfSatisfying(TtsUnavailableException.class, e -> {
            assertThat(e.attempts()).isEqualTo(MAX_ATTEMPTS);
            assertThat(e.code()).isEqualTo(TtsUnavailableException.NETWORK_ERROR);
            assertThat(e.httpStatus()).isZero();
          })
          .hasCauseInstanceOf(ConnectException.class);
    }
  }

  @Test
  void retriesAnAttemptWhoseAnswerOutlastsTheRequestTimeout() {
    gateway.then(mp3().setBodyDelay(Duration.ofSeconds(3))).then(mp3());

    try (TtsClient impatient = clientOf(gateway.baseUrl()).requestTimeout(Duration.ofMillis(300)).build()) {
      Speech speech = impatient.synthesize(SpeechRequest.of("你好"));

      assertThat(speech.size()).isPositive();
    }
    assertThat(gateway.requestCount()).isEqualTo(2);
  }

  @Test
  void quotaExceededIsNotRetriedAndSaysWhenTheQuotaResets() {
    gateway.then(new MockResponse().setResponseCode(429).setBody("""
        {"error": {"code": "QuotaExceeded", "message": "daily characters used up: 1000000 of 1000000",
                   "resetsAt": "2026-11-25T16:00:00Z"}}"""));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsQuotaExceededException.class, e -> {
          assertThat(e.code()).isEqualTo("QuotaExceeded");
          assertThat(e.httpStatus()).isEqualTo(429);
          assertThat(e.resetsAt()).contains(Instant.parse("2026-11-25T16:00:00Z"));
        })
        .hasMessageContaining("daily characters used up");
    assertThat(gateway.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
      "400, InvalidRequest, unknown dialect 'klingon'",
      "422, Rejected, the text violates the content policy"})
  void aRejectedRequestIsNotRetried(int status, String code, String message) {
    gateway.then(error(status, code, message));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsRejectedException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.httpStatus()).isEqualTo(status);
        })
        .hasMessageContaining(message);
    assertThat(gateway.requestCount()).isEqualTo(1);
  }

  @Test
  void forbiddenIsNotRetried() {
    gateway.then(error(403, "Forbidden", "namespace team-b may not use this gateway"));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsUnauthorizedException.class, e -> assertThat(e.code()).isEqualTo("Forbidden"));
    assertThat(gateway.requestCount()).isEqualTo(1);
  }

  @Test
  void afterAnUnauthenticatedAnswerRetriesOnceWithTheTokenReadAgain() {
    gateway.then(() -> {
      // The kubelet rotates the projected token while the gateway refuses the old one.
      rotateToken("token-two");
      return error(401, "Unauthenticated", "token expired");
    }).then(mp3());

    Speech speech = client.synthesize(SpeechRequest.of("你好"));

    assertThat(speech.size()).isPositive();
    assertThat(gateway.arrivals()).extracting(ScriptedGateway.Arrival::authorization)
        .containsExactly("Bearer token-one", "Bearer token-two");
  }

  @Test
  void aTokenRefusedTwiceIsUnauthorized() {
    gateway.then(error(401, "Unauthenticated", "wrong audience"));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsUnauthorizedException.class, e -> {
          assertThat(e.code()).isEqualTo("Unauthenticated");
          assertThat(e.httpStatus()).isEqualTo(401);
        });
    assertThat(gateway.requestCount()).as("one retry with the token read again, then no more").isEqualTo(2);
  }

  @Test
  void neverQuotesTheTokenEvenWhenTheGatewayEchoesIt() {
    gateway.then(error(401, "Unauthenticated", "token token-one is expired"));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOf(TtsUnauthorizedException.class)
        .hasMessageContaining("token *** is expired")
        .hasMessageNotContaining("token-one");
  }

  @Test
  void oneAttemptMeansNoRetry() {
    gateway.then(error(503, "Unavailable", "draining")).then(mp3());

    try (TtsClient once = clientOf(gateway.baseUrl()).maxAttempts(1).build()) {
      assertThatThrownBy(() -> once.synthesize(SpeechRequest.of("你好")))
          .isInstanceOfSatisfying(TtsUnavailableException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    }
    assertThat(gateway.requestCount()).isEqualTo(1);
  }

  private void rotateToken(String token) {
    try {
      Files.writeString(tokenFile, token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
