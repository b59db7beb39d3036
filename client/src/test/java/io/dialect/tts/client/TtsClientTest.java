package io.dialect.tts.client;

import static io.dialect.tts.client.ScriptedGateway.audio;
import static io.dialect.tts.client.ScriptedGateway.mp3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A successful call: what the client puts on the wire, and how the gateway's answer becomes a {@link Speech}. */
class TtsClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private Path tokenFile;
  private final ScriptedGateway gateway = new ScriptedGateway();
  private TtsClient client;

  @BeforeEach
  void start() throws Exception {
    tokenFile = Files.writeString(dir.resolve("token"), "token-one\n");
    client = TtsClient.builder().baseUrl(gateway.baseUrl()).tokenFile(tokenFile).build();
  }

  @AfterEach
  void stop() {
    client.close();
    gateway.close();
  }

  @Test
  void mapsTheAudioAndTheGatewayHeadersOfASynthesizedAnswer() {
    byte[] wav = {'R', 'I', 'F', 'F', 0, 1, 2, 3};
    gateway.then(audio(wav, "audio/wav", "xiangyinge", "none", 4)
        .setHeader("X-TTS-Request-Id", "req-42").setHeader("X-TTS-Degraded", "true"));

    Speech speech = client.synthesize(SpeechRequest.of("老铁们好"));

    assertThat(speech.audio()).isEqualTo(wav);
    assertThat(speech.size()).isEqualTo(wav.length);
    assertThat(speech.format()).isEqualTo(AudioFormat.WAV);
    assertThat(speech.requestId()).isEqualTo("req-42");
    assertThat(speech.provider()).contains("xiangyinge");
    assertThat(speech.cacheTier()).isEqualTo(Speech.CACHE_MISS);
    assertThat(speech.fromCache()).isFalse();
    assertThat(speech.billedCharacters()).isEqualTo(4);
    assertThat(speech.degraded()).isTrue();
  }

  @Test
  void anAnswerFromACacheTierHasNoProvider() {
    gateway.then(audio(new byte[] {1, 2}, "audio/ogg", null, "redis", 0));

    Speech speech = client.synthesize(SpeechRequest.of("早晨").format(AudioFormat.OGG));

    assertThat(speech.provider()).as("X-TTS-Provider is absent on a cache hit").isEmpty();
    assertThat(speech.cacheTier()).isEqualTo("redis");
    assertThat(speech.fromCache()).isTrue();
    assertThat(speech.billedCharacters()).isZero();
    assertThat(speech.degraded()).isFalse();
  }

  @Test
  void postsEveryRequestFieldAsJsonWithTheTokenAsBearer() throws Exception {
    gateway.then(mp3());

    client.synthesize(SpeechRequest.of("老铁们好").dialect("dongbei").voice("dongbei_laotie")
        .speed(1.25).emotion("cheerful").format(AudioFormat.MP3));

    var request = gateway.arrivals().get(0).request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v1/synthesize");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer token-one");
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeader("Accept")).isEqualTo("audio/*");
    assertThat(JSON.readTree(request.getUtf8Body())).isEqualTo(JSON.valueToTree(Map.of(
        "text", "老铁们好", "dialect", "dongbei", "voice", "dongbei_laotie",
        "speed", 1.25, "emotion", "cheerful", "format", "mp3")));
  }

  @Test
  void leavesUnsetFieldsOutOfTheBodyRatherThanSendingNulls() throws Exception {
    gateway.then(mp3());

    client.synthesize(SpeechRequest.of("你好"));

    JsonNode body = JSON.readTree(gateway.arrivals().get(0).request().getUtf8Body());
    assertThat(body).isEqualTo(JSON.valueToTree(Map.of("text", "你好")));
  }

  @Test
  void readsTheTokenFileAgainForEveryCall() throws Exception {
    gateway.then(mp3());

    client.synthesize(SpeechRequest.of("一"));
    Files.writeString(tokenFile, "token-two\n");
    client.synthesize(SpeechRequest.of("二"));

    assertThat(gateway.arrivals()).extracting(ScriptedGateway.Arrival::authorization)
        .as("the kubelet rotated the projected token between the calls")
        .containsExactly("Bearer token-one", "Bearer token-two");
  }

  @Test
  void keepsAPathPrefixOfTheBaseUrl() {
    gateway.then(mp3());
    try (TtsClient prefixed = TtsClient.builder().baseUrl(URI.create(gateway.baseUrl() + "/tts/")).tokenFile(tokenFile).build()) {

      prefixed.synthesize(SpeechRequest.of("你好"));
    }

    assertThat(gateway.arrivals().get(0).request().getPath()).isEqualTo("/tts/v1/synthesize");
  }

  @Test
  void takesTheGatewayUrlAndTokenFileFromTheEnvironmentByDefault() throws Exception {
    gateway.then(mp3());
    Path envToken = Files.writeString(dir.resolve("env-token"), "token-from-env");
    Map<String, String> environment = Map.of(
        TtsClient.GATEWAY_URL_ENV, gateway.baseUrl().toString(),
        TtsClient.TOKEN_FILE_ENV, envToken.toString());

    try (TtsClient fromEnvironment = TtsClient.builder(environment::get).build()) {
      fromEnvironment.synthesize(SpeechRequest.of("你好"));
    }

    assertThat(gateway.arrivals().get(0).authorization()).isEqualTo("Bearer token-from-env");
  }

  @Test
  void refusesToBuildWithoutAGatewayUrl() {
    assertThatThrownBy(() -> TtsClient.builder(name -> null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(TtsClient.GATEWAY_URL_ENV);
  }

  @Test
  void aMissingTokenFileFailsTheCallBeforeAnythingIsSent() {
    Path missing = dir.resolve("no-such-token");
    try (TtsClient withoutToken = TtsClient.builder().baseUrl(gateway.baseUrl()).tokenFile(missing).build()) {

      assertThatThrownBy(() -> withoutToken.synthesize(SpeechRequest.of("你好")))
          .isInstanceOfSatisfying(TtsUnauthorizedException.class, e -> {
            assertThat(e.code()).isEqualTo(TtsUnauthorizedException.TOKEN_UNREADABLE);
            assertThat(e.httpStatus()).isZero();
          })
          .hasMessageContaining(missing.toString());
    }
    assertThat(gateway.requestCount()).isZero();
  }

  @Test
  void aSuccessWithoutAudioIsAnUnexpectedResponseNotSpeech() {
    gateway.then(audio("<html>portal</html>".getBytes(StandardCharsets.UTF_8), "text/html", "xiangyinge", "none", 4));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsException.class, e -> {
          assertThat(e.code()).isEqualTo(TtsException.UNEXPECTED_RESPONSE);
          assertThat(e.httpStatus()).isEqualTo(200);
        })
        .hasMessageContaining("text/html");
  }

  @Test
  void aSuccessWithoutBillingHeaderIsAnUnexpectedResponse() {
    gateway.then(mp3().removeHeader("X-TTS-Billed-Characters"));

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好")))
        .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.code()).isEqualTo(TtsException.UNEXPECTED_RESPONSE))
        .hasMessageContaining("X-TTS-Billed-Characters");
  }

  @Test
  void aClosedClientRefusesCalls() {
    client.close();

    assertThatThrownBy(() -> client.synthesize(SpeechRequest.of("你好"))).isInstanceOf(IllegalStateException.class);
    assertThat(gateway.requestCount()).isZero();
  }
}
