package io.dialect.tts.worker.provider;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import java.util.Objects;

/**
 * One upstream call: a chunk of text within the provider's limit, in the provider's own voice.
 *
 * @param voiceId the provider's voice id (from the catalog), not the catalog voice name
 * @param dialect the catalog dialect id, for vendors whose API takes it
 * @param key     the key to use; null for providers that need none (espeak)
 */
public record ProviderCall(String text, String dialect, String voiceId, double speed, String emotion,
    AudioFormat format, ApiKey key) {

  public ProviderCall {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(voiceId, "voiceId");
    Objects.requireNonNull(format, "format");
    emotion = emotion == null ? "neutral" : emotion;
  }

  public ProviderCall withText(String chunk) {
    return new ProviderCall(chunk, dialect, voiceId, speed, emotion, format, key);
  }

  /** The key as a provider must have it: a remote provider cannot work without one. */
  ApiKey requireKey(String provider) {
    if (key == null) {
      throw new ProviderException(ProviderException.Kind.CALLER, provider, "no API key given");
    }
    return key;
  }

  @Override
  public String toString() {
    return "ProviderCall[" + text.codePointCount(0, text.length()) + " characters, voice=" + voiceId + ", format="
        + format + ", key=" + (key == null ? "none" : key.name()) + "]";
  }
}
