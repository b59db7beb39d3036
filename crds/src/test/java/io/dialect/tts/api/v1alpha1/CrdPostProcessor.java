package io.dialect.tts.api.v1alpha1;

import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.list;
import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.map;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.io.InputStream;
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
 * Turns the crd-generator's output into the committed CRDs. The generator sorts printer columns by
 * JSON path (so kubectl would show AGE first); kubectl shows them in list order, so they are put
 * back in the order the kind declares them. Run by {@code mvn -pl crds -Pupdate-crds process-test-classes}.
 */
public final class CrdPostProcessor {
  static final Map<String, Class<?>> KINDS = Map.of(Manifests.JOB_CRD, TTSJob.class, Manifests.QUOTA_CRD, TTSQuota.class);

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
    for (Object version : list(map(generatedCrd.get("spec")).get("versions"))) {
      List<Object> columns = list(map(version).get("additionalPrinterColumns"));
      columns.sort(Comparator.comparingInt(column -> declared.indexOf(String.valueOf(map(column).get("name")))));
    }
    return generatedCrd;
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
    return "# Generated from the Java types in crds/ by fabric8's crd-generator (printer columns in declared order).\n"
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
