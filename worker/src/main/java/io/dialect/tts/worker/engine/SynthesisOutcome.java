package io.dialect.tts.worker.engine;

import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.synthesis.Audio;
import java.util.Objects;

/**
 * What the engine made of one item: audio and where it came from, or why there is none. Both carry the
 * dialect and voice the item resolved to (for metrics and audit) and what was billed for it, so the
 * shard side records exactly what the engine paid.
 */
public sealed interface SynthesisOutcome {
  String dialect();

  String voice();

  long billedCharacters();

  /**
   * @param provider  who made the audio; null when a cache served it
   * @param cacheTier {@code none} on a miss, else the tier that served it
   * @param reason    null normally; {@code QuotaNotChecked} when billed while the ledger was unreachable
   *                  and configured to fail open
   */
  record Synthesized(Audio audio, String provider, boolean degraded, long billedCharacters, String cacheTier,
      String reason, String dialect, String voice) implements SynthesisOutcome {
    public Synthesized {
      Objects.requireNonNull(audio, "audio");
      Objects.requireNonNull(cacheTier, "cacheTier");
    }
  }

  /**
   * @param status  Failed, Rejected (input or content policy) or QuotaExceeded
   * @param reason  a short CamelCase word for manifests and metrics
   * @param message a sentence for a person: never the text, never a key
   */
  record NotSynthesized(ItemStatus status, String reason, String message, long billedCharacters, String dialect,
      String voice) implements SynthesisOutcome {
    public NotSynthesized {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
      if (status == ItemStatus.Succeeded) {
        throw new IllegalArgumentException("an item without audio did not succeed");
      }
    }
  }
}
