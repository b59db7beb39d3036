package io.dialect.tts.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialect.tts.worker.provider.ProviderException.Kind;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.provider.config.XiangyingeWire;
import io.dialect.tts.worker.synthesis.Audio;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * The dialect vendor (docs/architecture.md, Providers): {@code POST {baseUrl}/tts} with a JSON body and a bearer key,
 * answering with the audio, or with JSON naming an audio URL. Paths, auth header and field names
 * come from {@link XiangyingeWire}.
 */
public final class XiangyingeProvider extends RemoteProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final XiangyingeWire wire;

  public XiangyingeProvider(ProviderSettings settings, MeterRegistry meters) {
    super(settings, meters);
    this.wire = settings.wire();
  }

  @Override
  public Audio synthesize(ProviderCall call) {
    ApiKey key = call.requireKey(name());
    XiangyingeWire.Fields f = wire.fields();
    ObjectNode body = JSON.createObjectNode()
        .put(f.text(), call.text())
        .put(f.dialect(), call.dialect())
        .put(f.voice(), call.voiceId())
        .put(f.speed(), call.speed())
        .put(f.emotion(), call.emotion());
    if (f.format() != null) {
      body.put(f.format(), call.format().extension());
    }
    byte[] answer = http.send(authorized(endpoint(wire.ttsPath()), key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)), key);
    if (wire.response() == XiangyingeWire.ResponseMode.BODY) {
      return new Audio(answer, call.format());
    }
    String audioUrl = readJson(answer).path(wire.audioUrlField()).asText("");
    if (audioUrl.isEmpty()) {
      throw new ProviderException(Kind.RETRYABLE, name(), "answer has no " + wire.audioUrlField());
    }
    // The audio URL is the vendor's to hand out (typically pre-signed): the key is not sent to it.
    return new Audio(http.send(HttpRequest.newBuilder(endpoint(wire.ttsPath()).resolve(audioUrl)).GET(), key),
        call.format());
  }

  /** The vendor's voice list for a dialect, as it returns it. */
  public JsonNode voices(String dialect, ApiKey key) {
    URI uri = URI.create(endpoint(wire.voicesPath()) + "?dialect=" + URLEncoder.encode(dialect, StandardCharsets.UTF_8));
    return readJson(http.send(authorized(uri, key).GET(), key));
  }

  /** Whether the vendor's health endpoint answers 2xx. */
  public boolean healthy() {
    try {
      http.send(HttpRequest.newBuilder(endpoint(wire.healthPath())).GET(), null);
      return true;
    } catch (ProviderException e) {
      return false;
    }
  }

  private URI endpoint(String path) {
    return UpstreamHttp.endpoint(settings.baseUrl().toString(), path);
  }

  private HttpRequest.Builder authorized(URI uri, ApiKey key) {
    String scheme = wire.authScheme().isEmpty() ? "" : wire.authScheme() + " ";
    return HttpRequest.newBuilder(uri).header(wire.authHeader(), scheme + key.value());
  }

  private JsonNode readJson(byte[] answer) {
    try {
      return JSON.readTree(answer);
    } catch (IOException e) {
      throw new ProviderException(Kind.RETRYABLE, name(), 0, null, "answer is not JSON", null);
    }
  }
}
