package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's README values table and values.schema.json's descriptions are what {@link ValuesDoc} makes from
 * the comments in values.yaml, so the three never disagree. After changing values.yaml, regenerate with
 * {@value #COMMAND}.
 */
class ValuesDocTest {
  /** System property that makes this test write the generated files before comparing. */
  static final String REGENERATE = "tts.valuesDoc.write";
  static final String COMMAND = "mvn -o -B -q verify -pl charts -am -Dtest=ValuesDocTest "
      + "-Dsurefire.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true";

  private static ValuesDoc doc;

  @BeforeAll
  static void generate() throws IOException {
    doc = ValuesDoc.read();
    if (Boolean.getBoolean(REGENERATE)) {
      doc.write();
    }
  }

  @Test
  void everyValuesKeyHasACommentAboveIt() {
    assertThat(doc.keys()).filteredOn(key -> key.description().isEmpty()).extracting(ValuesDoc.Key::path)
        .as("keys of values.yaml without a comment right above them (a blank line in between ends a comment)")
        .isEmpty();
  }

  @Test
  void theReadmeValuesTableIsGeneratedFromValuesYaml() throws IOException {
    String readme = Files.readString(ValuesDoc.README);

    assertThat(readme).as("%s differs from values.yaml's comments; regenerate: %s", ValuesDoc.README, COMMAND)
        .isEqualTo(doc.readmeWithTable(readme));
    assertThat(doc.table()).as("rows of the table").contains(
        "| `worker.ttlSecondsAfterFinished` | integer or null | `null` |",
        "| `operator.replicas` | integer | `2` |",
        "| `operator.image.pullPolicy` | `Always`, `IfNotPresent`, `Never` | `\"IfNotPresent\"` |");
  }

  @Test
  void theSchemaDescriptionsAreTheValuesComments() throws IOException {
    assertThat(Files.readString(ValuesDoc.SCHEMA))
        .as("%s differs from values.yaml's comments; regenerate: %s", ValuesDoc.SCHEMA, COMMAND)
        .isEqualTo(doc.schemaWithDescriptions());
  }

  /** `helm show values`/IDEs show these; keys the chart reads but values.yaml does not set are described by hand. */
  @Test
  void everySchemaPropertyHasADescription() throws IOException {
    Map<String, Boolean> properties = ValuesDoc.schemaProperties();

    assertThat(properties).as("schema properties").containsKeys("operator.replicas", "worker.podLabels", "global");
    assertThat(properties.entrySet()).filteredOn(property -> !property.getValue()).extracting(Map.Entry::getKey)
        .as("schema properties without a description").isEmpty();
  }
}
