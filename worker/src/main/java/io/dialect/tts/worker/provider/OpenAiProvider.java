package io.dialect.tts.worker.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.synthesis.Audio;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The OpenAI-compatible {@code POST /v1/audio/speech} that many hosted and self-hosted servers speak. */
public final class OpenAiProvider extends RemoteProvider {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_MODEL = "tts-1";

  private final URI endpoint;

  public OpenAiProvider(ProviderSettings settings, MeterRegistry meters) {
    super(settings, meters);
    this.endpoint = UpstreamHttp.endpoint(settings.baseUrl().toString(), "/v1/audio/speech");
  }

  @Override
  public Audio synthesize(ProviderCall call) {
    ApiKey key = call.requireKey(name());
    String body = JSON.createObjectNode()
        .put("model", Objects.requireNonNullElse(settings.model(), DEFAULT_MODEL))
        .put("input", call.text())
        .put("voice", call.voiceId())
        .put("response_format", responseFormat(call.format()))
        .put("speed", call.speed())
        .toString();
    return new Audio(http.send(HttpRequest.newBuilder(endpoint)
        .header("Authorization", "Bearer " + key.value())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), key), call.format());
  }

  /** OpenAI's {@code opus} answer is Ogg-contained Opus, our {@code ogg}. */
  static String responseFormat(AudioFormat format) {
    return switch (format) {
      case MP3 -> "mp3";
      case WAV -> "wav";
      case OGG -> "opus";
    };
  }
}
