package io.dialect.tts.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every TTSJob and TTSQuota under the repository's {@code examples/} reads into the Java types with
 * no unknown field, reads back out unchanged, and passes the CRD's schema and rules: the examples
 * users copy never drift from the API.
 */
class ExamplesRoundTripTest {
  /** Maven runs the tests in crds/, so the examples are one level up. */
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Map<String, Class<? extends CustomResource<?, ?>>> TYPES =
      Map.of("TTSJob", TTSJob.class, "TTSQuota", TTSQuota.class);
  private static final ObjectMapper STRICT_YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** One document of an example file, in kubectl's reading and in Jackson's. */
  record Example(Path file, int index, Map<String, Object> manifest, JsonNode tree) {
    String kind() {
      return String.valueOf(manifest.get("kind"));
    }

    @Override
    public String toString() {
      return EXAMPLES.relativize(file) + " #" + index + " (" + kind() + ")";
    }
  }

  static Stream<Example> apiExamples() {
    return examples().stream().filter(example -> TYPES.containsKey(example.kind()));
  }

  @Test
  void examplesContainBothKinds() {
    assertThat(apiExamples().map(Example::kind).distinct())
        .as("TTSJob and TTSQuota manifests under %s", EXAMPLES.toAbsolutePath().normalize())
        .contains("TTSJob", "TTSQuota");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apiExamples")
  void readsIntoTheJavaTypesAndBackUnchanged(Example example) throws IOException {
    CustomResource<?, ?> resource = STRICT_YAML.treeToValue(example.tree(), TYPES.get(example.kind()));

    JsonNode written = STRICT_YAML.valueToTree(resource);

    assertThat(written.equals(NUMBERS_BY_VALUE, example.tree()))
        .as("%s written back from the Java types:%n%s%nshould equal the example:%n%s", example, written, example.tree())
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apiExamples")
  void passesTheCrdSchemaAndRules(Example example) {
    assertThat(Manifests.validatorFor(example.kind()).validateCreate(example.manifest()))
        .as("what the API server answers to kubectl apply -f %s", example.file()).isEmpty();
  }

  @Test
  void anUnknownFieldFailsTheRead() {
    JsonNode tree = Manifests.parseAll(Manifests.read(EXAMPLES.resolve("ttsjob-inline.yaml"))).stream()
        .map(manifest -> STRICT_YAML.<JsonNode>valueToTree(manifest)).findFirst().orElseThrow();
    ((ObjectNode) tree.get("spec")).put("voices", "dongbei_laotie");

    assertThatThrownBy(() -> STRICT_YAML.treeToValue(tree, TTSJob.class))
        .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("voices");
  }

  @Test
  void anUnquotedYesIsABooleanAsKubectlReadsIt() {
    Map<String, Object> job = Manifests.parse("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: confirm}
        spec:
          dialect: dongbei
          items: [{id: confirm, text: yes}]
          output: {s3: {bucket: tts-out}}
        """);

    assertThat(Manifests.validatorFor("TTSJob").validateCreate(job))
        .contains("spec.items[0].text: Invalid value: \"boolean\": spec.items[0].text in body must be of type string: "
            + "\"boolean\"");
  }

  /** Jackson reads 1000000 as an int and writes a long back; the value is what must survive. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) ->
      a.isNumber() && b.isNumber() ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

  private static List<Example> examples() {
    assertThat(EXAMPLES).as("the repository's examples directory").isDirectory();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      List<Example> examples = new ArrayList<>();
      files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml")).sorted()
          .forEach(file -> {
            List<Map<String, Object>> documents = Manifests.parseAll(Manifests.read(file));
            for (int i = 0; i < documents.size(); i++) {
              examples.add(new Example(file, i, documents.get(i), jacksonTree(file, i)));
            }
          });
      return examples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The i-th non-empty document as Jackson's YAML parser reads it. */
  private static JsonNode jacksonTree(Path file, int index) {
    try (var documents = STRICT_YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      return documents.readAll().stream().filter(node -> node != null && !node.isNull() && !node.isMissingNode()
          && !node.isEmpty()).toList().get(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
