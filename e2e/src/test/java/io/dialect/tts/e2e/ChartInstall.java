package io.dialect.tts.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.dialect.tts.testing.StagedChart;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Helm chart installed as a cluster would receive it, minus what runs as processes here: every
 * rendered ServiceAccount, RBAC object, ConfigMap and NetworkPolicy is applied; the pods of the
 * operator and gateway Deployments are {@link ChartProcess}es with the rendered container environment
 * and configuration files, authenticating as the chart's ServiceAccounts, so the chart's RBAC is what
 * they are allowed to do.
 */
final class ChartInstall {
  static final String RELEASE = "tts";
  static final String NAMESPACE = "tts-system";
  private static final Path CHART = Path.of("charts", "tts-operator");
  /** What Helm renders: the chart without Chart.yaml's kubeVersion, which helm-java cannot meet. */
  private static final Path RENDERED_CHART = StagedChart.withoutKubeVersion(CHART,
      Path.of("e2e", "target", "rendered-chart"));
  private static final Path VALUES = Path.of("e2e", "src", "test", "resources", "e2e-values.yaml");
  /** Run as processes (operator, gateway; Services as {@code ServiceProxy}) or provided by the test (Redis). */
  private static final Set<String> NOT_APPLIED = Set.of("Deployment", "StatefulSet", "Service",
      "PodDisruptionBudget");
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** What was applied. */
  private final List<HasMetadata> objects;
  /** What runs as processes or proxies here (Deployments, Services, ...). */
  private final List<HasMetadata> workloads;

  private ChartInstall(List<HasMetadata> objects, List<HasMetadata> workloads) {
    this.objects = objects;
    this.workloads = workloads;
  }

  /** Renders with e2e-values.yaml and {@code sets}, applies it, and returns what was applied. */
  static ChartInstall install(KubernetesClient admin, Map<String, Object> sets) {
    TemplateCommand template = new Helm(RENDERED_CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
        .withValuesFile(VALUES);
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    List<HasMetadata> objects = new ArrayList<>();
    List<HasMetadata> workloads = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(template.call())) {
      if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      HasMetadata object = admin.getKubernetesSerialization().unmarshal(
          new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
      (NOT_APPLIED.contains(object.getKind()) ? workloads : objects).add(object);
    }
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    objects.forEach(object -> admin.resource(object).forceConflicts().serverSideApply());
    return new ChartInstall(objects, workloads);
  }

  /**
   * The rendered operator.yaml, written to {@code file} (one per replica), with the two things that differ
   * on this host: its HTTP port (replicas share the host's network here; in a cluster each pod has its
   * own IP) and the gateway's URL (its Service's address as pods reach it here, not cluster DNS).
   */
  Path operatorConfig(Path file, int httpPort, String gatewayUrl) {
    try {
      ObjectNode yaml = (ObjectNode) YAML.readTree(configFile("operator.yaml"));
      yaml.put("httpPort", httpPort);
      ((ObjectNode) yaml.get("gateway")).put("url", gatewayUrl);
      Files.writeString(file, YAML.writeValueAsString(yaml));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rendered providers.yaml (the gateway's /etc/tts/config/providers.yaml), written to {@code file}. */
  Path providersConfig(Path file) {
    try {
      Files.writeString(file, configFile("providers.yaml"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String configFile(String key) {
    return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
        .filter(map -> map.getData() != null && map.getData().containsKey(key))
        .findFirst().orElseThrow(() -> new IllegalStateException("the chart rendered no ConfigMap with " + key))
        .getData().get(key);
  }

  /**
   * The environment of a Deployment's container as a kubelet builds it for pod {@code podName}: plain
   * values, the pod's name and namespace, and Secret entries read from the release namespace (a missing
   * one fails, as the pod would not start).
   */
  Map<String, String> containerEnv(KubernetesClient admin, String component, String podName) {
    Deployment deployment = rendered(Deployment.class, component);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), var.getValue() == null ? "" : var.getValue());
      } else if (var.getValueFrom().getFieldRef() != null) {
        String field = var.getValueFrom().getFieldRef().getFieldPath();
        env.put(var.getName(), switch (field) {
          case "metadata.name" -> podName;
          case "metadata.namespace" -> NAMESPACE;
          default -> throw new IllegalStateException(component + ": env " + var.getName() + " refers to " + field);
        });
      } else if (var.getValueFrom().getSecretKeyRef() != null) {
        var ref = var.getValueFrom().getSecretKeyRef();
        Secret secret = admin.secrets().inNamespace(NAMESPACE).withName(ref.getName()).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
          throw new IllegalStateException(component + ": secret " + ref.getName() + " has no entry " + ref.getKey());
        }
        env.put(var.getName(), new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
            StandardCharsets.UTF_8));
      } else {
        throw new IllegalStateException(component + ": env " + var.getName() + " has a source this suite does "
            + "not resolve: " + var.getValueFrom());
      }
    }
    return env;
  }

  /** The arguments of a Deployment's container. */
  List<String> containerArgs(String component) {
    List<String> args = rendered(Deployment.class, component).getSpec().getTemplate().getSpec().getContainers()
        .get(0).getArgs();
    return args == null ? List.of() : args;
  }

  private <T extends HasMetadata> T rendered(Class<T> kind, String component) {
    return Stream.concat(objects.stream(), workloads.stream()).filter(kind::isInstance).map(kind::cast)
        .filter(o -> component.equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .findFirst().orElseThrow(() -> new IllegalStateException("the chart rendered no " + kind.getSimpleName()
            + " of component " + component));
  }

  /**
   * A kubeconfig with a token of the chart's ServiceAccount of {@code component} (operator, gateway): the
   * in-cluster identity of that Deployment's pods.
   */
  Path kubeconfig(KubernetesClient admin, String component, Path file) {
    ServiceAccount account = rendered(ServiceAccount.class, component);
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
          - name: pod
            user: {token: "%s"}
        contexts:
          - name: e2e
            context: {cluster: e2e, user: pod}
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
