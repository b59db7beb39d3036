package io.dialect.tts.chart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.dialect.tts.testing.StagedChart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chart rendered by Helm (helm-java, the real Helm library) and every rendered object parsed
 * with fabric8's model, as a cluster would receive them.
 *
 * <p>Helm renders a copy of the chart in target/ without its kubeVersion ({@link StagedChart}), and
 * {@link ChartLifecycleTest} checks the constraint itself.
 */
final class RenderedChart {
  static final String RELEASE = "tts";
  static final String NAMESPACE = "tts-system";
  static final Path CHART = Path.of("tts-operator");
  static final Path RENDERED_CHART = StagedChart.withoutKubeVersion(CHART, Path.of("target", "rendered-chart"));
  static final Path VALUES = Path.of("src/test/resources/values");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final String text;
  private final List<HasMetadata> objects;

  private RenderedChart(String text, List<HasMetadata> objects) {
    this.text = text;
    this.objects = objects;
  }

  /** Renders with the chart's own values plus the named files of src/test/resources/values, in order. */
  static RenderedChart render(String... valuesFiles) {
    return render(Map.of(), valuesFiles);
  }

  static RenderedChart render(Map<String, Object> sets, String... valuesFiles) {
    TemplateCommand template = new Helm(RENDERED_CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (String file : valuesFiles) {
      template = template.withValuesFile(VALUES.resolve(file));
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    String text = template.call();
    return new RenderedChart(text, parse(text));
  }

  private static List<HasMetadata> parse(String text) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(text)) {
      boolean empty = document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"));
      if (!empty) {
        objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  String text() {
    return text;
  }

  List<HasMetadata> objects() {
    return objects;
  }

  <T extends HasMetadata> Stream<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast);
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> new AssertionError(
        "no " + type.getSimpleName() + " named " + name + " rendered; rendered: " + names()));
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  List<String> kinds() {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  List<String> names() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  /** The rendered ConfigMap entry parsed as YAML (operator.yaml, providers.yaml). */
  static Map<String, Object> yaml(String text) {
    return SERIALIZATION.unmarshal(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new TypeReference<Map<String, Object>>() { });
  }

  static List<String> lines(String text) {
    return Arrays.asList(text.split("\n"));
  }
}
