package io.dialect.tts.api.v1alpha1;

import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.list;
import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

    // kubectl shows the columns in list order; priority 1 ones only with -o wide.
    assertThat(columns).extracting(column -> map(column).get("name"))
        .containsExactly(fileName.equals(Manifests.JOB_CRD)
            ? new Object[] {"Dialect", "Phase", "Reason", "Progress", "Cached", "Failed", "Billed", "Voice", "Age"}
            : new Object[] {"Used", "Limit", "Percent", "Active", "Enforcement", "Monthly Used", "Monthly Limit", "Age"});
    assertThat(columns).filteredOn(column -> Integer.valueOf(1).equals(map(column).get("priority")))
        .extracting(column -> map(column).get("name"))
        .containsExactly(fileName.equals(Manifests.JOB_CRD)
            ? new Object[] {"Failed", "Billed", "Voice"}
            : new Object[] {"Enforcement", "Monthly Used", "Monthly Limit"});
  }

  @ParameterizedTest
  @ValueSource(strings = {Manifests.JOB_CRD, Manifests.QUOTA_CRD})
  void belongsToTheTtsCategory(String fileName) {
    // kubectl get tts lists both kinds.
    assertThat(list(map(map(Manifests.committedCrd(fileName).get("spec")).get("names")).get("categories")))
        .containsExactly("tts");
  }

  @ParameterizedTest
  @ValueSource(strings = {Manifests.JOB_CRD, Manifests.QUOTA_CRD})
  void describesTheObjectItsSpecAndItsStatus(String fileName) {
    Map<String, Object> root = map(map(version(fileName).get("schema")).get("openAPIV3Schema"));

    assertThat(root.get("description")).as("kubectl explain %s", fileName).asString().isNotBlank();
    assertThat(map(map(root.get("properties")).get("spec")).get("description")).asString().isNotBlank();
    assertThat(map(map(root.get("properties")).get("status")).get("description")).asString().isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {Manifests.JOB_CRD, Manifests.QUOTA_CRD})
  void keepsConditionsAsAListMapOfMetav1Conditions(String fileName) {
    Map<String, Object> conditions = property(fileName, "status", "conditions");
    Map<String, Object> condition = map(conditions.get("items"));

    assertThat(conditions).containsEntry("x-kubernetes-list-type", "map")
        .containsEntry("x-kubernetes-list-map-keys", List.of("type"));
    assertThat(list(condition.get("required")))
        .containsExactlyInAnyOrder("type", "status", "reason", "message", "lastTransitionTime");
    assertThat(map(condition.get("properties")).keySet())
        .containsExactlyInAnyOrder("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
  }

  @Test
  void keepsInlineItemsAsAListMapKeyedById() {
    Map<String, Object> items = property(Manifests.JOB_CRD, "spec", "items");

    assertThat(items).containsEntry("x-kubernetes-list-type", "map")
        .containsEntry("x-kubernetes-list-map-keys", List.of("id"));
    assertThat(list(map(items.get("items")).get("required"))).contains("id");
  }

  private static Map<String, Object> property(String fileName, String... path) {
    Map<String, Object> schema = map(map(version(fileName).get("schema")).get("openAPIV3Schema"));
    for (String name : path) {
      schema = map(map(schema.get("properties")).get(name));
    }
    return schema;
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
