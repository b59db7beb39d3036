package io.dialect.tts.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * values.yaml is the one source of the chart's value documentation: the comment block right above a key
 * describes it. From it come the values table of the chart's README and the descriptions in
 * values.schema.json ({@link ValuesDocTest} fails while either differs from what this makes).
 *
 * <p>A key whose schema has {@code properties} is a group: its own row, then one per key inside. Any other
 * key (a scalar, a list, a free-form map such as {@code nodeSelector}) is a value, shown with its default.
 */
final class ValuesDoc {
  static final Path VALUES = RenderedChart.CHART.resolve("values.yaml");
  static final Path SCHEMA = RenderedChart.CHART.resolve("values.schema.json");
  static final Path README = RenderedChart.CHART.resolve("README.md");
  static final String TABLE_START = "<!-- values table: generated from values.yaml by ValuesDoc, do not edit -->";
  static final String TABLE_END = "<!-- end of values table -->";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** json.dump(indent=2) style: two spaces, "key": value, one array item per line. */
  private static final DefaultPrettyPrinter SCHEMA_FORMAT = new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"))
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withArrayEmptySeparator("")
          .withObjectEmptySeparator(""));

  /** One key of values.yaml: its dotted path, the comment above it (empty: none), default and schema. */
  record Key(String path, String description, Object defaultValue, JsonNode schema) {
    boolean group() {
      return schema.has("properties");
    }
  }

  private final List<Key> keys;
  private final ObjectNode schema;

  private ValuesDoc(List<Key> keys, ObjectNode schema) {
    this.keys = keys;
    this.schema = schema;
  }

  static ValuesDoc read() {
    try {
      ObjectNode schema = (ObjectNode) JSON.readTree(SCHEMA.toFile());
      String values = Files.readString(VALUES);
      LoaderOptions withComments = new LoaderOptions();
      withComments.setProcessComments(true);
      MappingNode root = (MappingNode) new Yaml(withComments).compose(new StringReader(values));
      Map<String, Object> defaults = new Yaml().load(values);
      List<Key> keys = new ArrayList<>();
      collect(root, "", defaults, schema, keys);
      return new ValuesDoc(List.copyOf(keys), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void collect(MappingNode mapping, String prefix, Map<String, Object> defaults, JsonNode schema,
      List<Key> keys) {
    for (NodeTuple tuple : mapping.getValue()) {
      String name = ((ScalarNode) tuple.getKeyNode()).getValue();
      String path = prefix + name;
      JsonNode keySchema = schema.path("properties").path(name);
      if (keySchema.isMissingNode()) {
        throw new IllegalStateException("values.yaml key " + path + " is not in values.schema.json");
      }
      Key key = new Key(path, description(tuple.getKeyNode().getBlockComments()), defaults.get(name), keySchema);
      keys.add(key);
      if (key.group() && tuple.getValueNode() instanceof MappingNode nested) {
        collect(nested, path + ".", (Map<String, Object>) defaults.get(name), keySchema, keys);
      }
    }
  }

  /** The comment lines right above a key: a blank line ends a block (a file or section heading above it). */
  private static String description(List<CommentLine> comments) {
    List<String> block = new ArrayList<>();
    for (CommentLine line : comments == null ? List.<CommentLine>of() : comments) {
      if (line.getCommentType() == CommentType.BLANK_LINE) {
        block.clear();
      } else if (line.getCommentType() == CommentType.BLOCK) {
        block.add(line.getValue().strip());
      }
    }
    return String.join(" ", block);
  }

  List<Key> keys() {
    return keys;
  }

  /** Every property of values.schema.json as it is on disk, as dotted paths, with whether it has a description. */
  static Map<String, Boolean> schemaProperties() throws IOException {
    Map<String, Boolean> described = new TreeMap<>();
    walk(JSON.readTree(SCHEMA.toFile()), "", described);
    return described;
  }

  private static void walk(JsonNode node, String prefix, Map<String, Boolean> described) {
    node.path("properties").properties().forEach(property -> {
      String path = prefix + property.getKey();
      described.put(path, property.getValue().hasNonNull("description"));
      walk(property.getValue(), path + ".", described);
    });
  }

  /** values.schema.json with each key's description set to its comment in values.yaml. */
  String schemaWithDescriptions() {
    ObjectNode copy = schema.deepCopy();
    for (Key key : keys) {
      if (!key.description().isEmpty()) {
        ObjectNode node = copy;
        for (String segment : key.path().split("\\.")) {
          node = (ObjectNode) node.get("properties").get(segment);
        }
        node.put("description", key.description());
      }
    }
    try {
      return JSON.writer(SCHEMA_FORMAT).writeValueAsString(copy) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The README with the generated values table between its markers. */
  String readmeWithTable(String readme) {
    int start = readme.indexOf(TABLE_START);
    int end = readme.indexOf(TABLE_END);
    if (start < 0 || end < start) {
      throw new IllegalStateException(README + " has no " + TABLE_START + " ... " + TABLE_END + " section");
    }
    return readme.substring(0, start + TABLE_START.length()) + "\n\n" + table() + "\n" + readme.substring(end);
  }

  String table() {
    StringBuilder table = new StringBuilder("| key | type | default | description |\n| --- | --- | --- | --- |\n");
    for (Key key : keys) {
      table.append("| `").append(key.path()).append("` | ").append(type(key.schema())).append(" | ")
          .append(key.group() ? "" : "`" + cell(json(key.defaultValue())) + "`").append(" | ")
          .append(cell(key.description()).replace("<", "&lt;").replace(">", "&gt;")).append(" |\n");
    }
    return table.toString();
  }

  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null && schema.has("enum")) {
      return StreamSupport.stream(schema.get("enum").spliterator(), false).map(JsonNode::asText)
          .map(value -> "`" + value + "`").collect(Collectors.joining(", "));
    }
    if (type == null) {
      return "any";
    }
    return type.isArray() ? StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText)
        .collect(Collectors.joining(" or ")) : type.asText();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** Writes both files (the test's regenerate mode, {@link ValuesDocTest#REGENERATE}). */
  void write() throws IOException {
    Files.writeString(SCHEMA, schemaWithDescriptions());
    Files.writeString(README, readmeWithTable(Files.readString(README)));
  }
}
