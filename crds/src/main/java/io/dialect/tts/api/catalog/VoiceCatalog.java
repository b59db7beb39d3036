package io.dialect.tts.api.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dialects and voices, and each provider's id for each voice. Configuration, not code: it is the
 * {@code catalog:} section of the provider config file (the operator validates jobs against it, the
 * worker maps voices with it), with a default shipped as a resource.
 */
public final class VoiceCatalog {
  /** The espeak-ng provider name, whose voices may stand in for a dialect as a degraded fallback. */
  public static final String LOCAL_PROVIDER = "espeak";

  private static final String DEFAULT_RESOURCE = "default-catalog.yaml";
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Map<String, DialectEntry> dialects;

  public VoiceCatalog(Map<String, DialectEntry> dialects) {
    this.dialects = new TreeMap<>(dialects);
  }

  /** The catalog shipped with the project: mandarin, cantonese, hakka (espeak) and the vendor/Azure dialects. */
  public static VoiceCatalog defaultCatalog() {
    try (InputStream in = VoiceCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return fromConfigNode(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default voice catalog", e);
    }
  }

  /** Reads the {@code catalog:} section of a provider config file; other sections are ignored here. */
  public static VoiceCatalog fromConfigYaml(String yaml) {
    try {
      return fromConfigNode(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new IllegalArgumentException("provider config is not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Reads a config tree whose {@code catalog.dialects} holds the dialect entries. */
  public static VoiceCatalog fromConfigNode(JsonNode config) {
    JsonNode dialects = config == null ? null : config.path("catalog").path("dialects");
    if (dialects == null || !dialects.isObject() || dialects.isEmpty()) {
      throw new IllegalArgumentException("provider config has no catalog.dialects section");
    }
    try {
      return new VoiceCatalog(YAML.convertValue(dialects, new TypeReference<Map<String, DialectEntry>>() { }));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("catalog.dialects is invalid: " + e.getMessage(), e);
    }
  }

  public Set<String> dialectIds() {
    return dialects.keySet();
  }

  public Optional<DialectEntry> dialect(String id) {
    return Optional.ofNullable(dialects.get(id));
  }

  /** The catalog voice a request uses: the named one if the dialect has it, the default when none is named. */
  public Optional<String> resolveVoice(String dialect, String voice) {
    return dialect(dialect).flatMap(d -> voice == null || voice.isEmpty()
        ? Optional.of(d.defaultVoice())
        : Optional.of(voice).filter(d.voices()::containsKey));
  }

  /** The provider's own id for a catalog voice, if that provider speaks it. */
  public Optional<String> providerVoice(String dialect, String voice, String provider) {
    return dialect(dialect).map(d -> d.voices().get(voice)).map(ids -> ids.get(provider));
  }

  /** The espeak voice that may stand in for this dialect when remote providers fail (degraded). */
  public Optional<String> localFallback(String dialect) {
    return dialect(dialect).map(DialectEntry::localFallback);
  }
}
