package io.dialect.tts.worker.synthesis;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import java.util.Objects;

/**
 * One request for speech, with every job default already applied: what the caches key on and
 * what a provider is asked for. Voice is the catalog's voice name (not a provider's voice id).
 */
public record SynthesisRequest(String text, String dialect, String voice, double speed, String emotion,
    AudioFormat format) {

  public SynthesisRequest {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(voice, "voice");
    Objects.requireNonNull(emotion, "emotion");
    Objects.requireNonNull(format, "format");
  }

  /** Characters as a vendor bills them: Unicode code points, not UTF-16 units. */
  public int characters() {
    return text.codePointCount(0, text.length());
  }
}
