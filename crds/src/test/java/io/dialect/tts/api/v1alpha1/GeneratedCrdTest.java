package io.dialect.tts.api.v1alpha1;

import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.list;
import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed CRD YAML is what fabric8's crd-generator makes of the Java types, and it has the
 * shape kubectl users rely on: short names, status subresource, printer columns, descriptions for
 * {@code kubectl explain}.
 */
class GeneratedCrdTest {

  @ParameterizedTest
  @ValueSource(strings = {Manifests.JOB_CRD, Manifests.QUOTA_CRD})
  void committedCrdIsTheGeneratedOne(String fileName) throws IOException {
    Map<String, Object> generated = CrdPostProcessor.process(
        Manifests.parse(CrdPostProcessor.generated(fileName)), CrdPostProcessor.KINDS.get(fileName));

    // A boolean, not a map comparison: the whole CRD in the failure would bury the instruction.
    assertThat(Manifests.committedCrd(fileName).equals(generated))
        .as("crds/%s differs from the CRD generated from the Java types; run "
            + "`mvn -pl crds -Pupdate-crds process-test-classes`, check `git diff crds/*.yml` and commit it", fileName)
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {Manifests.JOB_CRD, Manifests.QUOTA_CRD})
  void isNamespacedWithAShortNameAndAStatusSubresource(String fileName) {
    Map<String, Object> spec = map(Manifests.committedCrd(fileName).get("spec"));
    Map<String, Object> version = version(fileName);

    assertThat(spec.get("scope")).isEqualTo("Namespaced");
    assertThat(list(map(spec.get("names")).get("shortNames")))
        .containsExactly(fileName.equals(Manifests.JOB_CRD) ? "ttsj" : "ttsq");
    assertThat(map(version.get("subresources"))).as("status subresource").containsKey("status");
  }

  @ParameterizedTest
  @ValueSource(strings = {Manifests.JOB_CRD, Manifests.QUOTA_CRD})
  void showsTheAgreedPrinterColumns(String fileName) {
    List<Object> columns = list(version(fileName).get("additionalPrinterColumns"));

    // kubectl shows the columns in list order.
    assertThat(columns).extracting(column -> map(column).get("name"))
        .containsExactly(fileName.equals(Manifests.JOB_CRD)
            ? new Object[] {"Dialect", "Phase", "Progress", "Cached", "Age"}
            : new Object[] {"Used", "Limit", "Percent", "Active", "Age"});
  }

  @ParameterizedTest
  @ValueSource(strings = {Manifests.JOB_CRD, Manifests.QUOTA_CRD})
  void describesEveryFieldOfSpecAndStatusForKubectlExplain(String fileName) {
    Map<String, Object> root = map(map(version(fileName).get("schema")).get("openAPIV3Schema"));
    List<String> undescribed = new ArrayList<>();

    map(root.get("properties")).forEach((name, schema) -> collectUndescribed(name, map(schema), undescribed));

    assertThat(undescribed).as("fields without a description (Javadoc/@JsonPropertyDescription) in %s", fileName)
        .isEmpty();
  }

  private static void collectUndescribed(String path, Map<String, Object> schema, List<String> out) {
    if (schema.get("properties") instanceof Map<?, ?> properties) {
      map(properties).forEach((name, child) -> {
        String childPath = path + "." + name;
        if (!(map(child).get("description") instanceof String description) || description.isBlank()) {
          out.add(childPath);
        }
        collectUndescribed(childPath, map(child), out);
      });
    }
    if (schema.get("items") instanceof Map<?, ?> items) {
      collectUndescribed(path + "[]", map(items), out);
    }
    if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
      collectUndescribed(path + "{}", map(values), out);
    }
  }

  private static Map<String, Object> version(String fileName) {
    return map(list(map(Manifests.committedCrd(fileName).get("spec")).get("versions")).get(0));
  }
}
