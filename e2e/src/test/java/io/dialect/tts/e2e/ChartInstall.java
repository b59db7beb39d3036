package io.dialect.tts.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Helm chart installed as a cluster would receive it, minus what runs as processes here: every
 * rendered ServiceAccount, RBAC object and ConfigMap is applied; the operator Deployment's pods are
 * {@link OperatorProcess}es that read the rendered operator config and authenticate as the chart's
 * operator ServiceAccount, so the chart's RBAC is what they are allowed to do.
 */
final class ChartInstall {
  static final String RELEASE = "tts";
  static final String NAMESPACE = "tts-system";
  private static final Path CHART = Path.of("charts", "tts-operator");
  private static final Path VALUES = Path.of("e2e", "src", "test", "resources", "e2e-values.yaml");
  /** Run as processes (the operator) or provided by the test (Redis): not applied. */
  private static final Set<String> NOT_APPLIED = Set.of("Deployment", "StatefulSet", "Service",
      "PodDisruptionBudget");
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final YAMLMapper YAML = new YAMLMapper();

  private final List<HasMetadata> objects;

  private ChartInstall(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /** Renders with e2e-values.yaml and {@code sets}, applies it, and returns what was applied. */
  static ChartInstall install(KubernetesClient admin, Map<String, Object> sets) {
    TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
        .withValuesFile(VALUES);
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(template.call())) {
      if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      HasMetadata object = admin.getKubernetesSerialization().unmarshal(
          new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
      if (!NOT_APPLIED.contains(object.getKind())) {
        objects.add(object);
      }
    }
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    objects.forEach(object -> admin.resource(object).forceConflicts().serverSideApply());
    return new ChartInstall(objects);
  }

  /** The rendered operator.yaml with its HTTP port set, written to {@code file} (one per replica). */
  Path operatorConfig(Path file, int httpPort) {
    ConfigMap config = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
        .filter(map -> map.getData() != null && map.getData().containsKey("operator.yaml"))
        .findFirst().orElseThrow(() -> new IllegalStateException("the chart rendered no operator config"));
    try {
      ObjectNode yaml = (ObjectNode) YAML.readTree(config.getData().get("operator.yaml"));
      // Replicas share this host's network here; in a cluster each pod has its own IP.
      yaml.put("httpPort", httpPort);
      Files.writeString(file, YAML.writeValueAsString(yaml));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubeconfig with a token of the chart's operator ServiceAccount: the operator's in-cluster identity. */
  Path operatorKubeconfig(KubernetesClient admin, Path file) {
    ServiceAccount account = objects.stream().filter(ServiceAccount.class::isInstance)
        .map(ServiceAccount.class::cast)
        .filter(sa -> "operator".equals(sa.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .findFirst().orElseThrow(() -> new IllegalStateException("the chart rendered no operator ServiceAccount"));
    String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(account.getMetadata().getName())
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(24 * 3600L).endSpec().build())
        .getStatus().getToken();
    Config adminConfig = admin.getConfiguration();
    String ca = adminConfig.getCaCertData() != null ? adminConfig.getCaCertData() : base64File(adminConfig.getCaCertFile());
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
          - name: e2e
            cluster: {server: "%s", certificate-authority-data: "%s"}
        users:
          - name: operator
            user: {token: "%s"}
        contexts:
          - name: e2e
            context: {cluster: e2e, user: operator}
        current-context: e2e
        """.formatted(adminConfig.getMasterUrl(), ca, token);
    try {
      Files.writeString(file, kubeconfig);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64File(String path) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(path)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
