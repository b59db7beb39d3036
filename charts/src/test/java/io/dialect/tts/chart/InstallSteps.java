package io.dialect.tts.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The install steps a document gives a reader, in order, with the objects each step creates: the shell
 * lines of the ```bash blocks under one heading, as a reader pastes them. Understood: {@code kubectl apply
 * -f FILE...}, {@code kubectl create namespace NAME}, {@code kubectl create secret generic NAME
 * --from-literal=KEY=...} and {@code helm install tts charts/tts-operator -n tts-system [--create-namespace]
 * [-f VALUES]...} (rendered by {@link RenderedChart}); every other line (kubectl get/wait/cp, docker, mvn)
 * creates nothing.
 */
final class InstallSteps {
  /** The repository root, seen from the charts module where the tests run. */
  static final Path REPOSITORY = Path.of("..");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  /**
   * One pasted command and what it creates.
   *
   * @param chart the rendered chart when the command is {@code helm install}
   */
  record Step(String command, List<HasMetadata> objects, RenderedChart chart) {
  }

  private InstallSteps() {
  }

  /** The steps of the ```bash blocks between {@code heading} (a whole line, e.g. "## Quick start") and the next heading. */
  static List<Step> fromDocument(Path document, String heading) {
    List<Step> steps = new ArrayList<>();
    for (String command : commands(section(read(document), heading))) {
      steps.add(step(command));
    }
    if (steps.isEmpty()) {
      throw new AssertionError("no shell commands under \"" + heading + "\" in " + document);
    }
    return steps;
  }

  /** The objects of a manifest file of the repository (several documents allowed), as kubectl apply -f reads it. */
  static List<HasMetadata> manifests(String file) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(read(REPOSITORY.resolve(file)))) {
      if (!document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  private static String section(String markdown, String heading) {
    List<String> lines = markdown.lines().toList();
    int start = lines.indexOf(heading);
    if (start < 0) {
      throw new AssertionError("no heading \"" + heading + "\"");
    }
    // Up to the next heading of the same or a higher level.
    Pattern end = Pattern.compile("#{1," + heading.indexOf(' ') + "} .*");
    StringBuilder body = new StringBuilder();
    boolean inCode = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      inCode ^= line.startsWith("```");
      if (!inCode && end.matcher(line).matches()) {
        break;
      }
      body.append(line).append('\n');
    }
    return body.toString();
  }

  /** Shell commands of the section's ```bash blocks: comments (whole-line and trailing) dropped, continuations joined. */
  private static List<String> commands(String section) {
    List<String> commands = new ArrayList<>();
    boolean inBlock = false;
    StringBuilder pending = new StringBuilder();
    for (String line : section.lines().toList()) {
      if (line.startsWith("```")) {
        inBlock = !inBlock && line.strip().equals("```bash");
        continue;
      }
      String code = line.replaceFirst("\\s+#.*$", "").strip();
      if (!inBlock || code.startsWith("#") || code.isEmpty()) {
        continue;
      }
      if (code.endsWith("\\")) {
        pending.append(code, 0, code.length() - 1).append(' ');
        continue;
      }
      commands.add(pending.append(code).toString());
      pending.setLength(0);
    }
    return commands;
  }

  private static Step step(String command) {
    List<String> words = Arrays.asList(command.split("\\s+"));
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> arguments = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals("-n") || word.equals("--namespace") || word.equals("-f") || word.equals("--filename")) {
        String name = word.equals("--namespace") ? "-n" : word.equals("--filename") ? "-f" : word;
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(words.get(++i));
      } else if (word.startsWith("--")) {
        int equals = word.indexOf('=');
        String name = equals < 0 ? word : word.substring(0, equals);
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(equals < 0 ? "" : word.substring(equals + 1));
      } else {
        arguments.add(word);
      }
    }
    String namespace = options.getOrDefault("-n", List.of("")).get(0);
    List<String> files = options.getOrDefault("-f", List.of());
    String tool = words.get(0);
    if (tool.equals("kubectl") && arguments.size() >= 1 && arguments.get(0).equals("apply")) {
      if (!namespace.isEmpty()) {
        throw new AssertionError("\"" + command + "\": the manifests name their namespaces; -n would hide one that does not");
      }
      return new Step(command, files.stream().flatMap(f -> manifests(f).stream()).toList(), null);
    }
    if (tool.equals("kubectl") && arguments.size() == 3 && arguments.subList(0, 2).equals(List.of("create", "namespace"))) {
      return new Step(command, List.of(new NamespaceBuilder().withNewMetadata().withName(arguments.get(2)).endMetadata()
          .build()), null);
    }
    if (tool.equals("kubectl") && arguments.size() == 4 && arguments.subList(0, 3).equals(List.of("create", "secret", "generic"))) {
      Map<String, String> entries = new LinkedHashMap<>();
      options.getOrDefault("--from-literal", List.of()).forEach(entry -> entries.put(entry.substring(0, entry.indexOf('=')), "..."));
      return new Step(command, List.of(new SecretBuilder().withNewMetadata().withName(arguments.get(3))
          .withNamespace(namespace.isEmpty() ? null : namespace).endMetadata().withStringData(entries).build()), null);
    }
    if (tool.equals("helm") && !arguments.isEmpty() && arguments.get(0).equals("install")) {
      return helmInstall(command, arguments, namespace, files, options.containsKey("--create-namespace"));
    }
    return new Step(command, List.of(), null);
  }

  private static Step helmInstall(String command, List<String> arguments, String namespace, List<String> valuesFiles,
      boolean createNamespace) {
    if (!arguments.equals(List.of("install", RenderedChart.RELEASE, "charts/tts-operator"))
        || !namespace.equals(RenderedChart.NAMESPACE)) {
      throw new AssertionError("\"" + command + "\": expected helm install " + RenderedChart.RELEASE
          + " charts/tts-operator -n " + RenderedChart.NAMESPACE + ", the release the chart tests render");
    }
    RenderedChart chart = RenderedChart.render(valuesFiles.stream()
        .map(f -> REPOSITORY.resolve(f).toAbsolutePath().toString()).toArray(String[]::new));
    List<HasMetadata> objects = new ArrayList<>();
    if (createNamespace) {
      objects.add(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build());
    }
    objects.addAll(chart.objects());
    return new Step(command, objects, chart);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
