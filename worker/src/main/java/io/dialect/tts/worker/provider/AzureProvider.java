package io.dialect.tts.worker.provider;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.synthesis.Audio;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Azure Speech REST text-to-speech: an SSML document per call, which has the real dialect voices
 * (Northeastern, Sichuanese, Shanghainese, Cantonese).
 */
public final class AzureProvider extends RemoteProvider {
  private static final String USER_AGENT = "dialect-tts-worker";

  private final URI endpoint;

  public AzureProvider(ProviderSettings settings, MeterRegistry meters) {
    super(settings, meters);
    String base = settings.baseUrl() != null ? settings.baseUrl().toString()
        : "https://" + settings.region() + ".tts.speech.microsoft.com";
    this.endpoint = UpstreamHttp.endpoint(base, "/cognitiveservices/v1");
  }

  @Override
  public Audio synthesize(ProviderCall call) {
    ApiKey key = call.requireKey(name());
    return new Audio(http.send(HttpRequest.newBuilder(endpoint)
        .header("Ocp-Apim-Subscription-Key", key.value())
        .header("X-Microsoft-OutputFormat", outputFormat(call.format()))
        .header("Content-Type", "application/ssml+xml")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofString(ssml(call), StandardCharsets.UTF_8)), key), call.format());
  }

  /** The SSML document: the text escaped, the voice's locale as xml:lang, speed as a relative rate, emotion as a style. */
  static String ssml(ProviderCall call) {
    String spoken = "<prosody rate=\"" + rate(call.speed()) + "\">" + escape(call.text()) + "</prosody>";
    if (!call.emotion().isBlank() && !"neutral".equals(call.emotion())) {
      spoken = "<mstts:express-as style=\"" + escape(call.emotion()) + "\">" + spoken + "</mstts:express-as>";
    }
    return "<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\""
        + " xmlns:mstts=\"https://www.w3.org/2001/mstts\" xml:lang=\"" + escape(locale(call.voiceId())) + "\">"
        + "<voice name=\"" + escape(call.voiceId()) + "\">" + spoken + "</voice></speak>";
  }

  /** Azure voice ids start with their locale: {@code wuu-CN-XiaotongNeural} → {@code wuu-CN}. */
  static String locale(String voiceId) {
    String[] parts = voiceId.split("-");
    return parts.length >= 2 ? parts[0] + "-" + parts[1] : voiceId;
  }

  static String rate(double speed) {
    return String.format(Locale.ROOT, "%+.0f%%", (speed - 1.0) * 100);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // Control characters other than tab/newline are not allowed in XML 1.0 at all.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }

  static String outputFormat(AudioFormat format) {
    return switch (format) {
      case MP3 -> "audio-24khz-48kbitrate-mono-mp3";
      case WAV -> "riff-24khz-16bit-mono-pcm";
      case OGG -> "ogg-24khz-16bit-mono-opus";
    };
  }
}
