package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The vendor's wire details, configurable because it publishes no reference (docs/architecture.md, Providers).
 *
 * @param authHeader    header carrying the key
 * @param authScheme    prefix before the key in that header ({@code Bearer}); empty for the bare key
 * @param fields        JSON field names of the synthesis request
 * @param response      {@code body}: the audio is the response body; {@code url}: a JSON body whose
 *                      {@code audioUrlField} names a URL to fetch the audio from
 */
public record XiangyingeWire(
    String ttsPath,
    String voicesPath,
    String healthPath,
    String authHeader,
    String authScheme,
    Fields fields,
    ResponseMode response,
    String audioUrlField) {

  public static final XiangyingeWire DEFAULT = new XiangyingeWire(null, null, null, null, null, null, null, null);

  public XiangyingeWire {
    ttsPath = ttsPath == null ? "/tts" : ttsPath;
    voicesPath = voicesPath == null ? "/voices" : voicesPath;
    healthPath = healthPath == null ? "/health" : healthPath;
    authHeader = authHeader == null ? "Authorization" : authHeader;
    authScheme = authScheme == null ? "Bearer" : authScheme;
    fields = fields == null ? Fields.DEFAULT : fields;
    response = response == null ? ResponseMode.BODY : response;
    audioUrlField = audioUrlField == null ? "audio_url" : audioUrlField;
  }

  /** JSON field names; {@code format} unset means the format is not sent. */
  public record Fields(String text, String dialect, String voice, String speed, String emotion, String format) {
    public static final Fields DEFAULT = new Fields(null, null, null, null, null, null);

    public Fields {
      text = text == null ? "text" : text;
      dialect = dialect == null ? "dialect" : dialect;
      voice = voice == null ? "voice" : voice;
      speed = speed == null ? "speed" : speed;
      emotion = emotion == null ? "emotion" : emotion;
    }
  }

  public enum ResponseMode {
    @JsonProperty("body") BODY,
    @JsonProperty("url") URL
  }
}
