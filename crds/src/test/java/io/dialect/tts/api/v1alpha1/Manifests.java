package io.dialect.tts.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/**
 * Manifests as kubectl reads them: YAML 1.1 (so an unquoted yes/no/on/off is a boolean, STACK trap 11)
 * into plain maps and lists, and the committed CRDs of this module.
 */
final class Manifests {
  static final String JOB_CRD = "ttsjobs.tts.dialect.io-v1.yml";
  static final String QUOTA_CRD = "ttsquotas.tts.dialect.io-v1.yml";

  private Manifests() {
  }

  /** Every non-empty document of a (multi-document) YAML text. */
  static List<Map<String, Object>> parseAll(String yaml) {
    List<Map<String, Object>> documents = new ArrayList<>();
    new Yaml().loadAll(yaml).forEach(document -> {
      if (document != null) {
        documents.add(StructuralSchemaValidator.map(document));
      }
    });
    return documents;
  }

  static Map<String, Object> parse(String yaml) {
    return StructuralSchemaValidator.map(new Yaml().load(yaml));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A committed CRD of this module (Maven runs the tests in the module's directory). */
  static Map<String, Object> committedCrd(String fileName) {
    return parse(read(Path.of(fileName)));
  }

  /** The schema validator of the committed CRD for a kind (TTSJob or TTSQuota). */
  static StructuralSchemaValidator validatorFor(String kind) {
    return StructuralSchemaValidator.of(committedCrd(switch (kind) {
      case "TTSJob" -> JOB_CRD;
      case "TTSQuota" -> QUOTA_CRD;
      default -> throw new IllegalArgumentException("not a kind of this API: " + kind);
    }));
  }

  /** A deep copy of a parsed manifest, to mutate without touching the original. */
  static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, child) -> copy.put(Objects.toString(key), deepCopy(child)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(Manifests::deepCopy).toList());
    }
    return value;
  }
}
