package io.dialect.tts.worker.progress;

import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/** The counter increments one finished item contributes; one definition for every counter backend. */
public final class ProgressDelta {
  private ProgressDelta() {
  }

  /** The item counts of an ended item; billing is counted where the bill happens, not here. */
  public static Map<String, Long> of(ManifestEntry entry) {
    Map<String, Long> delta = new LinkedHashMap<>();
    boolean succeeded = entry.status() == ItemStatus.Succeeded;
    delta.put(succeeded ? ProgressField.SUCCEEDED : ProgressField.FAILED, 1L);
    if (entry.fromCache()) {
      delta.put(ProgressField.CACHED, 1L);
    }
    if (entry.degraded()) {
      delta.put(ProgressField.DEGRADED, 1L);
    }
    if (succeeded) {
      delta.put(ProgressField.CHARACTERS_TOTAL, entry.characters());
    }
    if (entry.provider() != null) {
      delta.put(ProgressField.PROVIDER_PREFIX + entry.provider(), 1L);
    }
    return delta;
  }
}
