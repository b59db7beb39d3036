package io.dialect.tts.api.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * One dialect of the catalog.
 *
 * @param displayName   how people call it, for {@code voices} listings
 * @param defaultVoice  the voice used when a job names none
 * @param localFallback the espeak-ng voice that may stand in when every remote provider fails
 *                      (output marked degraded); null where no local voice is intelligible enough
 * @param voices        catalog voice name → (provider name → that provider's voice id)
 */
public record DialectEntry(
    @JsonProperty("displayName") String displayName,
    @JsonProperty("defaultVoice") String defaultVoice,
    @JsonProperty("localFallback") String localFallback,
    @JsonProperty("voices") Map<String, Map<String, String>> voices) {

  public DialectEntry {
    Objects.requireNonNull(defaultVoice, "defaultVoice");
    voices = voices == null ? Map.of() : Map.copyOf(voices);
    if (!voices.containsKey(defaultVoice)) {
      throw new IllegalArgumentException("defaultVoice " + defaultVoice + " is not one of the voices " + voices.keySet());
    }
  }
}
