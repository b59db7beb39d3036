package io.dialect.tts.chart;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a reader ends up with after pasting a document's install steps ({@link InstallSteps}), checked for
 * what Kubernetes would leave broken: an object in a namespace no earlier step created (kubectl apply
 * fails), and a reference by name to an object no step creates - a Secret, ConfigMap or PVC of a pod
 * (volumes, env, envFrom, image pull Secrets; not those marked optional), a pod's ServiceAccount, a
 * binding's subjects and role, a TTSJob's output claim and source ConfigMap, the ServiceAccount its worker
 * pods run as, and the provider ConfigMap the operator reads. A TTSJob must also be one the operator
 * admits: providers it knows, and a voice that one of the job's providers speaks.
 */
final class ReferenceCheck {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");
  /** Created in every namespace by the ServiceAccount controller. */
  private static final String DEFAULT_SERVICE_ACCOUNT = "default";

  /** A reference by name: {@code key} is the entry of a Secret or ConfigMap, when one is named. */
  private record Reference(String kind, String namespace, String name, String key, String from) {
  }

  private final Map<String, HasMetadata> created = new LinkedHashMap<>();
  private final Set<String> namespaces = new HashSet<>();
  private final List<String> problems = new ArrayList<>();
  private Map<String, Object> operatorConfig = Map.of();
  private VoiceCatalog catalog;

  private ReferenceCheck() {
  }

  /** Every problem found, each saying which object refers to what; empty when the steps leave nothing dangling. */
  static List<String> problems(List<InstallSteps.Step> steps) {
    ReferenceCheck check = new ReferenceCheck();
    // Namespaces in order (an object's must exist when it is applied); references against everything the
    // steps create (a pod waits for a Secret applied after it, the operator re-checks a job's claim).
    steps.forEach(check::create);
    steps.stream().flatMap(step -> step.objects().stream())
        .forEach(object -> check.references(object).forEach(check::resolve));
    return check.problems;
  }

  private void create(InstallSteps.Step step) {
    if (step.chart() != null) {
      operatorConfig = ChartRenderingTest.operatorConfig(step.chart());
      catalog = VoiceCatalog.fromConfigYaml(step.chart()
          .one(ConfigMap.class, RbacTest.FULLNAME + "-providers").getData().get("providers.yaml"));
    }
    for (HasMetadata object : step.objects()) {
      if (object.getKind().equals("Namespace")) {
        namespaces.add(object.getMetadata().getName());
      } else if (!CLUSTER_SCOPED.contains(object.getKind())) {
        if (object.getMetadata().getNamespace() == null) {
          if (step.chart() == null) {
            problems.add("%s/%s in \"%s\" names no namespace: it would land in the current context's"
                .formatted(object.getKind(), object.getMetadata().getName(), step.command()));
            continue;
          }
          // helm install puts the chart's objects without one into the release namespace.
          object.getMetadata().setNamespace(RenderedChart.NAMESPACE);
        }
        if (!namespaces.contains(object.getMetadata().getNamespace())) {
          problems.add("%s/%s in \"%s\": namespace %s is not created by this or an earlier step".formatted(
              object.getKind(), object.getMetadata().getName(), step.command(), object.getMetadata().getNamespace()));
        }
      }
      created.put(key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
    }
  }

  private List<Reference> references(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    String from = object.getKind() + " " + namespace + "/" + object.getMetadata().getName();
    List<Reference> references = new ArrayList<>();
    podSpec(object).ifPresent(pod -> references.addAll(podReferences(pod, namespace, from)));
    if (object instanceof RoleBinding binding) {
      references.addAll(bindingReferences(binding.getRoleRef(), binding.getSubjects(), namespace, from));
    }
    if (object instanceof ClusterRoleBinding binding) {
      references.addAll(bindingReferences(binding.getRoleRef(), binding.getSubjects(), null, from));
    }
    if (object.getKind().equals("TTSJob")) {
      references.addAll(jobReferences(SERIALIZATION.convertValue(object, TTSJob.class), from));
    }
    if (object instanceof ConfigMap config && config.getData() != null && config.getData().containsKey("operator.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, String> providerConfig = (Map<String, String>) operatorConfig.get("providerConfig");
      references.add(new Reference("ConfigMap", providerConfig.get("namespace"), providerConfig.get("name"),
          providerConfig.get("key"), from + " (providerConfig)"));
    }
    return references;
  }

  private static Optional<PodSpec> podSpec(HasMetadata object) {
    return Optional.ofNullable(switch (object) {
      case Pod pod -> pod.getSpec();
      case Deployment deployment -> deployment.getSpec().getTemplate().getSpec();
      case StatefulSet statefulSet -> statefulSet.getSpec().getTemplate().getSpec();
      case DaemonSet daemonSet -> daemonSet.getSpec().getTemplate().getSpec();
      case Job job -> job.getSpec().getTemplate().getSpec();
      case CronJob cronJob -> cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
      default -> null;
    });
  }

  private static List<Reference> podReferences(PodSpec pod, String namespace, String from) {
    List<Reference> references = new ArrayList<>();
    references.add(new Reference("ServiceAccount", namespace,
        Objects.requireNonNullElse(pod.getServiceAccountName(), DEFAULT_SERVICE_ACCOUNT), null, from));
    pod.getImagePullSecrets().forEach(s -> references.add(new Reference("Secret", namespace, s.getName(), null, from)));
    pod.getVolumes().forEach(volume -> {
      if (volume.getSecret() != null && !Boolean.TRUE.equals(volume.getSecret().getOptional())) {
        references.add(new Reference("Secret", namespace, volume.getSecret().getSecretName(), null, from));
      }
      if (volume.getConfigMap() != null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
        references.add(new Reference("ConfigMap", namespace, volume.getConfigMap().getName(), null, from));
      }
      if (volume.getPersistentVolumeClaim() != null) {
        references.add(new Reference("PersistentVolumeClaim", namespace,
            volume.getPersistentVolumeClaim().getClaimName(), null, from));
      }
      if (volume.getProjected() != null) {
        volume.getProjected().getSources().forEach(source -> {
          if (source.getSecret() != null && !Boolean.TRUE.equals(source.getSecret().getOptional())) {
            references.add(new Reference("Secret", namespace, source.getSecret().getName(), null, from));
          }
          if (source.getConfigMap() != null && !Boolean.TRUE.equals(source.getConfigMap().getOptional())) {
            references.add(new Reference("ConfigMap", namespace, source.getConfigMap().getName(), null, from));
          }
        });
      }
    });
    Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
        .forEach(container -> references.addAll(containerReferences(container, namespace, from)));
    return references;
  }

  private static List<Reference> containerReferences(Container container, String namespace, String from) {
    List<Reference> references = new ArrayList<>();
    container.getEnv().stream().filter(env -> env.getValueFrom() != null).forEach(env -> {
      var secret = env.getValueFrom().getSecretKeyRef();
      if (secret != null && !Boolean.TRUE.equals(secret.getOptional())) {
        references.add(new Reference("Secret", namespace, secret.getName(), secret.getKey(), from + " env " + env.getName()));
      }
      var config = env.getValueFrom().getConfigMapKeyRef();
      if (config != null && !Boolean.TRUE.equals(config.getOptional())) {
        references.add(new Reference("ConfigMap", namespace, config.getName(), config.getKey(), from + " env " + env.getName()));
      }
    });
    container.getEnvFrom().forEach(source -> {
      if (source.getSecretRef() != null && !Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
        references.add(new Reference("Secret", namespace, source.getSecretRef().getName(), null, from + " envFrom"));
      }
      if (source.getConfigMapRef() != null && !Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
        references.add(new Reference("ConfigMap", namespace, source.getConfigMapRef().getName(), null, from + " envFrom"));
      }
    });
    return references;
  }

  private static List<Reference> bindingReferences(RoleRef role, List<Subject> subjects, String namespace, String from) {
    List<Reference> references = new ArrayList<>();
    references.add(new Reference(role.getKind(), role.getKind().equals("Role") ? namespace : null, role.getName(), null, from));
    subjects.stream().filter(s -> s.getKind().equals("ServiceAccount")).forEach(s ->
        references.add(new Reference("ServiceAccount", s.getNamespace(), s.getName(), null, from + " subject")));
    return references;
  }

  /** What the job names, and what the operator gives its worker pods: the configured ServiceAccount, or the namespace's default. */
  private List<Reference> jobReferences(TTSJob job, String from) {
    String namespace = job.getMetadata().getNamespace();
    TTSJobSpec spec = job.getSpec();
    List<Reference> references = new ArrayList<>();
    if (spec.getOutput().getPvc() != null) {
      references.add(new Reference("PersistentVolumeClaim", namespace, spec.getOutput().getPvc().getClaimName(), null,
          from + " output.pvc"));
    }
    if (spec.getSource() != null && spec.getSource().getConfigMapRef() != null) {
      references.add(new Reference("ConfigMap", namespace, spec.getSource().getConfigMapRef().getName(),
          spec.getSource().getConfigMapRef().getKey(), from + " source.configMapRef"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> worker = (Map<String, Object>) operatorConfig.getOrDefault("worker", Map.of());
    references.add(new Reference("ServiceAccount", namespace,
        (String) worker.getOrDefault("serviceAccountName", DEFAULT_SERVICE_ACCOUNT), null, from + " worker pods"));
    checkAdmissible(job, spec, from);
    return references;
  }

  private void checkAdmissible(TTSJob job, TTSJobSpec spec, String from) {
    if (catalog == null) {
      problems.add(from + ": no helm install step before it, so no operator to run it");
      return;
    }
    @SuppressWarnings("unchecked")
    List<String> known = ((List<Map<String, String>>) operatorConfig.get("providers")).stream()
        .map(p -> p.get("name")).toList();
    List<String> providers = spec.getProviders() == null || spec.getProviders().isEmpty() ? known : spec.getProviders();
    if (!known.containsAll(providers)) {
      problems.add("%s: providers %s, the operator knows %s".formatted(from, providers, known));
    }
    List<TTSItem> items = spec.getItems() == null ? List.of() : spec.getItems();
    checkVoice(from, spec.getDialect(), spec.getVoice(), providers);
    for (TTSItem item : items) {
      if (item.getDialect() != null || item.getVoice() != null) {
        String dialect = Objects.requireNonNullElse(item.getDialect(), spec.getDialect());
        String voice = item.getVoice() != null ? item.getVoice() : item.getDialect() != null ? null : spec.getVoice();
        checkVoice(from + " item " + item.getId(), dialect, voice, providers);
      }
    }
  }

  private void checkVoice(String from, String dialect, String voice, List<String> providers) {
    Optional<String> resolved = catalog.resolveVoice(dialect, voice);
    if (resolved.isEmpty()) {
      problems.add("%s: voice %s of dialect %s is not in the catalog".formatted(from, voice, dialect));
    } else if (providers.stream().allMatch(p -> catalog.providerVoice(dialect, resolved.get(), p).isEmpty())) {
      problems.add("%s: none of the providers %s speaks voice %s of %s".formatted(from, providers, resolved.get(), dialect));
    }
  }

  private void resolve(Reference reference) {
    if (reference.kind().equals("ServiceAccount") && reference.name().equals(DEFAULT_SERVICE_ACCOUNT)
        && namespaces.contains(reference.namespace())) {
      return;
    }
    HasMetadata target = created.get(key(reference.kind(), reference.namespace(), reference.name()));
    if (target == null) {
      problems.add("%s refers to %s %s/%s, which no step creates".formatted(
          reference.from(), reference.kind(), reference.namespace(), reference.name()));
    } else if (reference.key() != null && !entries(target).contains(reference.key())) {
      problems.add("%s refers to entry %s of %s %s/%s, which has only %s".formatted(reference.from(), reference.key(),
          reference.kind(), reference.namespace(), reference.name(), entries(target)));
    }
  }

  private static Set<String> entries(HasMetadata object) {
    Set<String> entries = new HashSet<>();
    if (object instanceof Secret secret) {
      Optional.ofNullable(secret.getData()).ifPresent(d -> entries.addAll(d.keySet()));
      Optional.ofNullable(secret.getStringData()).ifPresent(d -> entries.addAll(d.keySet()));
    } else if (object instanceof ConfigMap config) {
      Optional.ofNullable(config.getData()).ifPresent(d -> entries.addAll(d.keySet()));
      Optional.ofNullable(config.getBinaryData()).ifPresent(d -> entries.addAll(d.keySet()));
    }
    return entries;
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
