package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.provider.config.KeyRef;
import io.dialect.tts.worker.provider.config.KeyRefs;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.provider.config.ProviderType;
import io.dialect.tts.worker.provider.config.XiangyingeWire;
import io.fabric8.mockwebserver.http.MockResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What each remote provider puts on the wire, as a real HTTP server receives it. */
class RemoteProviderWireTest {
  private static final ApiKey KEY = new ApiKey("primary", "sk-wire-test-secret");
  private final ScriptedUpstream upstream = new ScriptedUpstream()
      .then(new MockResponse().setResponseCode(200).setBody("AUDIO"));

  @AfterEach
  void stop() {
    upstream.close();
  }

  private ProviderSettings settings(ProviderType type, String model, XiangyingeWire wire) {
    return new ProviderSettings(type.wireName(), type, URI.create(upstream.baseUrl()), null, model,
        new KeyRefs(new KeyRef("UNUSED", null), null), null, null, null, null, null, null, wire);
  }

  private static ProviderCall call(String text, String voiceId, String emotion, AudioFormat format) {
    return new ProviderCall(text, "cantonese", voiceId, 1.25, emotion, format, KEY);
  }

  @Test
  void azureSendsEscapedSsmlThatParsesBackToTheOriginalText() throws Exception {
    String text = "Tom & \"Jerry's\" <b>早晨</b> 1 < 2 > 0";
    AzureProvider azure = new AzureProvider(settings(ProviderType.AZURE, null, null), new SimpleMeterRegistry());

    azure.synthesize(call(text, "zh-HK-HiuMaanNeural", "cheerful", AudioFormat.OGG));

    var request = upstream.arrivals().get(0).request();
    assertThat(request.getPath()).isEqualTo("/cognitiveservices/v1");
    assertThat(request.getHeader("Ocp-Apim-Subscription-Key")).isEqualTo("sk-wire-test-secret");
    assertThat(request.getHeader("X-Microsoft-OutputFormat")).isEqualTo("ogg-24khz-16bit-mono-opus");
    assertThat(request.getHeader("Content-Type")).startsWith("application/ssml+xml");
    assertThat(request.getHeader("User-Agent")).isNotBlank();
    String body = request.getUtf8Body();
    assertThat(body).contains("Tom &amp; &quot;Jerry&apos;s&quot; &lt;b&gt;早晨&lt;/b&gt; 1 &lt; 2 &gt; 0");

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document ssml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    Element speak = ssml.getDocumentElement();
    assertThat(speak.getAttribute("xml:lang")).isEqualTo("zh-HK");
    Element voice = (Element) speak.getElementsByTagName("voice").item(0);
    assertThat(voice.getAttribute("name")).isEqualTo("zh-HK-HiuMaanNeural");
    Element style = (Element) ssml.getElementsByTagNameNS("https://www.w3.org/2001/mstts", "express-as").item(0);
    assertThat(style.getAttribute("style")).isEqualTo("cheerful");
    Element prosody = (Element) ssml.getElementsByTagName("prosody").item(0);
    assertThat(prosody.getAttribute("rate")).isEqualTo("+25%");
    assertThat(prosody.getTextContent()).as("the text survives the round trip unchanged").isEqualTo(text);
  }

  @Test
  void azureLeavesOutTheStyleForNeutralSpeechAndTakesTheLocaleFromTheVoice() {
    new AzureProvider(settings(ProviderType.AZURE, null, null), new SimpleMeterRegistry())
        .synthesize(call("侬好", "wuu-CN-XiaotongNeural", "neutral", AudioFormat.MP3));

    var request = upstream.arrivals().get(0).request();
    assertThat(request.getUtf8Body()).contains("xml:lang=\"wuu-CN\"").doesNotContain("express-as");
    assertThat(request.getHeader("X-Microsoft-OutputFormat")).isEqualTo("audio-24khz-48kbitrate-mono-mp3");
  }

  @Test
  void openAiSendsTheSpeechRequestFields() throws Exception {
    new OpenAiProvider(settings(ProviderType.OPENAI, "tts-1-hd", null), new SimpleMeterRegistry())
        .synthesize(call("早晨", "alloy", "neutral", AudioFormat.OGG));

    var request = upstream.arrivals().get(0).request();
    assertThat(request.getPath()).isEqualTo("/v1/audio/speech");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-wire-test-secret");
    JsonNode body = new ObjectMapper().readTree(request.getUtf8Body());
    assertThat(body.path("model").asText()).isEqualTo("tts-1-hd");
    assertThat(body.path("input").asText()).isEqualTo("早晨");
    assertThat(body.path("voice").asText()).isEqualTo("alloy");
    assertThat(body.path("response_format").asText()).as("ogg is OpenAI's opus").isEqualTo("opus");
    assertThat(body.path("speed").asDouble()).isEqualTo(1.25);
  }

  @Test
  void xiangyingeSendsTheVendorContractByDefault() throws Exception {
    new XiangyingeProvider(settings(ProviderType.XIANGYINGE, null, null), new SimpleMeterRegistry())
        .synthesize(call("老铁", "dongbei_laotie", "happy", AudioFormat.MP3));

    var request = upstream.arrivals().get(0).request();
    assertThat(request.getPath()).isEqualTo("/tts");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-wire-test-secret");
    JsonNode body = new ObjectMapper().readTree(request.getUtf8Body());
    assertThat(body.path("text").asText()).isEqualTo("老铁");
    assertThat(body.path("dialect").asText()).isEqualTo("cantonese");
    assertThat(body.path("voice").asText()).isEqualTo("dongbei_laotie");
    assertThat(body.path("speed").asDouble()).isEqualTo(1.25);
    assertThat(body.path("emotion").asText()).isEqualTo("happy");
  }

  @Test
  void xiangyingeFollowsConfiguredWireDetailsAndFetchesTheAudioUrlWithoutTheKey() throws Exception {
    upstream.always(200, "{\"result\":{\"ignored\":1},\"url\":\"/files/a.mp3\"}");
    XiangyingeWire wire = new XiangyingeWire("/api/synth", null, null, "X-Api-Key", "",
        new XiangyingeWire.Fields("content", null, "speaker", null, null, "fmt"), XiangyingeWire.ResponseMode.URL, "url");

    new XiangyingeProvider(settings(ProviderType.XIANGYINGE, null, wire), new SimpleMeterRegistry()).synthesize(call("hi", "v1", "neutral", AudioFormat.MP3));

    var synth = upstream.arrivals().get(0).request();
    var fetch = upstream.arrivals().get(1).request();
    assertThat(synth.getPath()).isEqualTo("/api/synth");
    assertThat(synth.getHeader("X-Api-Key")).isEqualTo("sk-wire-test-secret");
    JsonNode body = new ObjectMapper().readTree(synth.getUtf8Body());
    assertThat(body.path("content").asText()).isEqualTo("hi");
    assertThat(body.path("speaker").asText()).isEqualTo("v1");
    assertThat(body.path("fmt").asText()).isEqualTo("mp3");
    assertThat(fetch.getPath()).isEqualTo("/files/a.mp3");
    assertThat(fetch.getHeader("X-Api-Key")).as("the key is not handed to the audio URL").isNull();
  }

  @Test
  void xiangyingeVoicesAndHealthEndpoints() {
    upstream.always(200, "[{\"id\":\"dongbei_laotie\"}]");
    XiangyingeProvider vendor = new XiangyingeProvider(settings(ProviderType.XIANGYINGE, null, null), new SimpleMeterRegistry());

    assertThat(vendor.voices("dongbei", KEY).get(0).path("id").asText()).isEqualTo("dongbei_laotie");
    assertThat(vendor.healthy()).isTrue();
    assertThat(upstream.arrivals().get(0).request().getPath()).isEqualTo("/voices?dialect=dongbei");
    assertThat(upstream.arrivals().get(1).request().getPath()).isEqualTo("/health");
    upstream.always(503, "maintenance");
    assertThat(vendor.healthy()).isFalse();
  }

  @Test
  void errorsAreClassifiedAndNeverQuoteTheKey() {
    OpenAiProvider openai = new OpenAiProvider(settings(ProviderType.OPENAI, null, null), new SimpleMeterRegistry());
    ProviderCall call = call("x", "alloy", "neutral", AudioFormat.MP3);

    upstream.always(401, "invalid key sk-wire-test-secret");
    assertThatThrownBy(() -> openai.synthesize(call)).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.KEY_REFUSED);
      assertThat(e.getMessage()).contains("HTTP 401").doesNotContain("sk-wire-test-secret");
    });
    upstream.always(429, "slow");
    assertThatThrownBy(() -> openai.synthesize(call)).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.RETRYABLE));
    upstream.always(422, "bad input");
    assertThatThrownBy(() -> openai.synthesize(call)).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CALLER));
    assertThat(call.toString()).doesNotContain("sk-wire-test-secret");
    assertThat(KEY.toString()).isEqualTo("ApiKey[primary, value=***]");
  }
}
