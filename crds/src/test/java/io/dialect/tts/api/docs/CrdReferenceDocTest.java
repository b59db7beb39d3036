package io.dialect.tts.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/crd-reference.md in step with the CRDs: the reference is rendered from the committed CRD
 * YAML (which another test keeps in step with the Java types). After an API change, refresh it with
 * {@code mvn -pl crds test -Dtest=CrdReferenceDocTest -Dcrd.docs.update=true}.
 */
class CrdReferenceDocTest {
  private static final Path DOC = Path.of("../docs/crd-reference.md");
  private static final List<Path> CRDS = List.of(
      Path.of("ttsjobs.tts.dialect.io-v1.yml"), Path.of("ttsquotas.tts.dialect.io-v1.yml"));

  @Test
  void crdReferenceMatchesTheCrds() throws IOException {
    String rendered = render();
    if (Boolean.getBoolean("crd.docs.update")) {
      Files.writeString(DOC, rendered);
    }
    assertThat(Files.exists(DOC)).as("docs/crd-reference.md exists").isTrue();
    assertThat(Files.readString(DOC))
        .as("docs/crd-reference.md is out of date; run: mvn -pl crds test -Dtest=CrdReferenceDocTest -Dcrd.docs.update=true")
        .isEqualTo(rendered);
  }

  static String render() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    StringBuilder out = new StringBuilder("""
        # CRD field reference

        Generated from `crds/*.yml` (themselves generated from the Java types in `crds/`); a test keeps this
        page in step. `kubectl explain` shows the same descriptions. Group `tts.dialect.io`, version `v1alpha1`.
        """);
    for (Path crdFile : CRDS) {
      JsonNode crd = yaml.readTree(crdFile.toFile());
      JsonNode names = crd.path("spec").path("names");
      JsonNode version = crd.path("spec").path("versions").get(0);
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      out.append("\n## ").append(names.path("kind").asText()).append("\n\n")
          .append(schema.path("description").asText()).append("\n\n")
          .append("Plural `").append(names.path("plural").asText()).append("`, short name `")
          .append(names.path("shortNames").get(0).asText()).append("`, category `")
          .append(names.path("categories").get(0).asText()).append("`, namespaced. `kubectl get` columns: ");
      List<String> columns = new ArrayList<>();
      List<String> wide = new ArrayList<>();
      version.path("additionalPrinterColumns").forEach(c ->
          (c.path("priority").asInt() == 0 ? columns : wide).add(c.path("name").asText()));
      out.append(String.join(", ", columns)).append("; with `-o wide` also ").append(String.join(", ", wide))
          .append(".\n");
      JsonNode root = schema.path("properties");
      for (String part : List.of("spec", "status")) {
        out.append("\n### ").append(part).append("\n\n")
            .append(root.path(part).path("description").asText()).append("\n\n")
            .append("| field | type | default | validation | description |\n|---|---|---|---|---|\n");
        appendProperties(out, part, root.path(part), Set.of());
        appendRules(out, part, root.path(part));
      }
    }
    return out.toString();
  }

  private static void appendProperties(StringBuilder out, String path, JsonNode schema, Set<String> parentRequired) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    JsonNode properties = schema.path("type").asText().equals("array")
        ? schema.path("items").path("properties") : schema.path("properties");
    String prefix = schema.path("type").asText().equals("array") ? path + "[]" : path;
    if (schema.path("type").asText().equals("array")) {
      schema.path("items").path("required").forEach(r -> required.add(r.asText()));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldPath = prefix + "." + field.getKey();
      JsonNode p = field.getValue();
      out.append("| `").append(fieldPath).append("` | ").append(type(p)).append(" | ")
          .append(p.has("default") ? "`" + p.get("default").asText() + "`" : "").append(" | ")
          .append(validation(p, required.contains(field.getKey()))).append(" | ")
          .append(p.path("description").asText().replace("|", "\\|")).append(" |\n");
      if (p.has("properties") || p.path("items").has("properties")) {
        appendProperties(out, fieldPath, p, required);
      }
    }
  }

  private static void appendRules(StringBuilder out, String path, JsonNode schema) {
    List<String> rules = new ArrayList<>();
    collectRules(path, schema, rules);
    if (!rules.isEmpty()) {
      out.append("\nRules the API server checks (`x-kubernetes-validations`):\n\n");
      rules.forEach(r -> out.append("- ").append(r).append('\n'));
    }
  }

  private static void collectRules(String path, JsonNode schema, List<String> rules) {
    schema.path("x-kubernetes-validations").forEach(v -> rules.add("`" + path + "`: " + v.path("message").asText()
        + (v.path("rule").asText().contains("oldSelf") ? " (on update)" : "")));
    schema.path("properties").fields().forEachRemaining(e -> collectRules(path + "." + e.getKey(), e.getValue(), rules));
    if (schema.has("items")) {
      collectRules(path + "[]", schema.path("items"), rules);
    }
  }

  private static String type(JsonNode p) {
    String type = p.path("type").asText();
    if (type.equals("array")) {
      return "array of " + p.path("items").path("type").asText();
    }
    if (type.equals("object") && p.has("additionalProperties")) {
      return "map of " + p.path("additionalProperties").path("type").asText();
    }
    return type;
  }

  private static String validation(JsonNode p, boolean required) {
    List<String> parts = new ArrayList<>();
    if (required) {
      parts.add("required");
    }
    if (p.has("enum")) {
      List<String> values = new ArrayList<>();
      p.get("enum").forEach(v -> values.add(v.asText()));
      parts.add("one of " + String.join(", ", values));
    }
    bound(parts, p, "minimum", ">= ");
    bound(parts, p, "maximum", "<= ");
    bound(parts, p, "minLength", "min length ");
    bound(parts, p, "maxLength", "max length ");
    bound(parts, p, "minItems", "min items ");
    bound(parts, p, "maxItems", "max items ");
    if (p.has("x-kubernetes-list-map-keys")) {
      List<String> keys = new ArrayList<>();
      p.get("x-kubernetes-list-map-keys").forEach(k -> keys.add("`" + k.asText() + "`"));
      parts.add("unique by " + String.join(", ", keys));
    }
    if (p.has("format")) {
      parts.add(p.get("format").asText());
    }
    if (p.has("pattern")) {
      parts.add("pattern `" + p.get("pattern").asText().replace("|", "\\|") + "`");
    }
    return String.join("; ", parts);
  }

  private static void bound(List<String> parts, JsonNode p, String key, String label) {
    if (p.has(key)) {
      parts.add(label + p.get(key).asText().replaceAll("\\.0$", ""));
    }
  }
}
