package io.dialect.tts.worker.engine;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.worker.source.SourceItem;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.util.Optional;

/**
 * Turns a source item into a full request: the item's own fields first, then the job's, then the
 * catalog's default voice for the dialect. A voice the catalog does not have for that dialect is a
 * per-item failure, not a job failure.
 */
public final class JobDefaults {
  private final TTSJobSpec spec;
  private final VoiceCatalog catalog;

  public JobDefaults(TTSJobSpec spec, VoiceCatalog catalog) {
    this.spec = spec;
    this.catalog = catalog;
  }

  /** The request, or empty when the dialect or voice is not in the catalog. */
  public Optional<SynthesisRequest> resolve(SourceItem item) {
    String dialect = item.dialect() != null ? item.dialect() : spec.getDialect();
    // The job's voice belongs to the job's dialect: an item that changes dialect without naming a voice
    // gets that dialect's default.
    String voice = item.voice() != null ? item.voice() : item.dialect() == null ? spec.getVoice() : null;
    double speed = item.speed() != null ? item.speed() : spec.effectiveSpeed();
    String emotion = item.emotion() != null ? item.emotion() : spec.effectiveEmotion();
    AudioFormat format = spec.effectiveFormat();
    return catalog.resolveVoice(dialect, voice)
        .map(resolved -> new SynthesisRequest(item.text(), dialect, resolved, speed, emotion, format));
  }

  /** What to tell the user when {@link #resolve} finds nothing. */
  public String unknownVoiceMessage(SourceItem item) {
    String dialect = item.dialect() != null ? item.dialect() : spec.getDialect();
    if (catalog.dialect(dialect).isEmpty()) {
      return "dialect '" + dialect + "' is not in the voice catalog; known dialects: " + catalog.dialectIds();
    }
    String voice = item.voice() != null ? item.voice() : spec.getVoice();
    return "voice '" + voice + "' is not a voice of dialect '" + dialect + "'; its voices: "
        + catalog.dialect(dialect).orElseThrow().voices().keySet();
  }

  public AudioFormat format() {
    return spec.effectiveFormat();
  }
}
