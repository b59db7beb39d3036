package io.dialect.tts.api.v1alpha1;

import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.list;
import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.map;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns the crd-generator's output into the committed CRDs, adding what fabric8's generator cannot express:
 * <ul>
 *   <li>printer columns in the order the kind declares them (the generator sorts them by JSON path, and
 *       kubectl shows them in list order, so AGE would come first);</li>
 *   <li>descriptions of the object, {@code spec} and {@code status} for {@code kubectl explain}, from the
 *       {@link JsonClassDescription} of the kind and of its spec and status classes;</li>
 *   <li>list maps: inline items keyed by {@code id} (the API server refuses a duplicate id at any list size, at
 *       no CEL cost) and conditions keyed by {@code type}, as metav1.Condition lists are, with
 *       {@code lastTransitionTime} a date-time.</li>
 * </ul>
 * Run by {@code mvn -pl crds -Pupdate-crds process-test-classes}.
 */
public final class CrdPostProcessor {
  static final Map<String, Class<?>> KINDS = Map.of(Manifests.JOB_CRD, TTSJob.class, Manifests.QUOTA_CRD, TTSQuota.class);
  /** Lists whose elements are identified by a key field, by their path from the schema's root. */
  static final Map<Class<?>, Map<List<String>, String>> LIST_MAPS = Map.of(
      TTSJob.class, Map.of(List.of("spec", "items"), "id", List.of("status", "conditions"), "type"),
      TTSQuota.class, Map.of(List.of("status", "conditions"), "type"));

  private CrdPostProcessor() {
  }

  /** Writes the processed CRDs into each directory given as an argument (the module's, the chart's). */
  public static void main(String[] args) throws IOException {
    for (Map.Entry<String, Class<?>> kind : KINDS.entrySet()) {
      String text = header() + dump(process(Manifests.parse(generated(kind.getKey())), kind.getValue()));
      for (String dir : args) {
        Files.writeString(Path.of(dir).resolve(kind.getKey()), text);
      }
    }
  }

  static Map<String, Object> process(Map<String, Object> generatedCrd, Class<?> kind) {
    List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    Type[] specAndStatus = ((ParameterizedType) kind.getGenericSuperclass()).getActualTypeArguments();
    for (Object version : list(map(generatedCrd.get("spec")).get("versions"))) {
      List<Object> columns = list(map(version).get("additionalPrinterColumns"));
      columns.sort(Comparator.comparingInt(column -> declared.indexOf(String.valueOf(map(column).get("name")))));

      Map<String, Object> root = map(map(map(version).get("schema")).get("openAPIV3Schema"));
      describe(root, kind);
      describe(map(map(root.get("properties")).get("spec")), (Class<?>) specAndStatus[0]);
      describe(map(map(root.get("properties")).get("status")), (Class<?>) specAndStatus[1]);
      LIST_MAPS.get(kind).forEach((path, key) -> {
        Map<String, Object> listSchema = root;
        for (String name : path) {
          listSchema = map(map(listSchema.get("properties")).get(name));
        }
        listSchema.put("x-kubernetes-list-type", "map");
        listSchema.put("x-kubernetes-list-map-keys", List.of(key));
        if (path.getLast().equals("conditions")) {
          map(map(map(listSchema.get("items")).get("properties")).get("lastTransitionTime")).put("format", "date-time");
        }
      });
    }
    return generatedCrd;
  }

  private static void describe(Map<String, Object> schema, Class<?> type) {
    JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
    if (description == null) {
      throw new IllegalStateException(type.getSimpleName() + " has no @JsonClassDescription for kubectl explain");
    }
    schema.put("description", description.value());
  }

  /** The generator's output, on the test classpath from target/classes. */
  static String generated(String fileName) throws IOException {
    try (InputStream in = CrdPostProcessor.class.getResourceAsStream("/META-INF/fabric8/" + fileName)) {
      if (in == null) {
        throw new IllegalStateException("generated CRD META-INF/fabric8/" + fileName + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String header() {
    return "# Generated from the Java types in crds/ by fabric8's crd-generator, then CrdPostProcessor (printer columns in\n"
        + "# declared order, descriptions of object/spec/status, list maps).\n"
        + "# Do not edit: change the types, then run mvn -pl crds -Pupdate-crds process-test-classes\n";
  }

  private static String dump(Map<String, Object> crd) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(120);
    options.setIndicatorIndent(0);
    return new Yaml(options).dump(crd);
  }
}
