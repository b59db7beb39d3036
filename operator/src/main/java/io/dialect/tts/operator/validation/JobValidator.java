package io.dialect.tts.operator.validation;

import io.dialect.tts.api.catalog.DialectEntry;
import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.api.v1alpha1.ConfigMapSource;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.S3Source;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.status.Rejection;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The semantic checks the CRD schema cannot make: dialects and voices in the catalog, the output
 * bucket allowed, providers known, a source object under the namespace's prefix, and referenced objects
 * present in the job's own namespace. Every
 * problem is reported at once, each saying what to fix.
 */
public final class JobValidator {
  private final KubernetesClient client;
  private final OperatorConfig config;

  public JobValidator(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.config = config;
  }

  public Optional<Rejection> validate(TTSJob job, VoiceCatalog catalog) {
    String namespace = job.getMetadata().getNamespace();
    TTSJobSpec spec = job.getSpec();
    List<String> problems = new ArrayList<>();
    checkVoice(catalog, "spec", spec.getDialect(), spec.getVoice(), problems);
    if (spec.getItems() != null) {
      for (TTSItem item : spec.getItems()) {
        if (item.getDialect() != null || item.getVoice() != null) {
          String dialect = item.getDialect() != null ? item.getDialect() : spec.getDialect();
          String voice = item.getVoice() != null ? item.getVoice() : item.getDialect() != null ? null : spec.getVoice();
          checkVoice(catalog, "item " + item.getId(), dialect, voice, problems);
        }
      }
    }
    if (spec.getOutput().getS3() != null && !config.s3().allowsBucket(spec.getOutput().getS3().getBucket())) {
      problems.add("spec.output.s3.bucket \"" + spec.getOutput().getS3().getBucket()
          + "\" is not an allowed output bucket; use one of " + new TreeSet<>(config.s3().allowedOutputBuckets()));
    }
    if (spec.getOutput().getPvc() != null) {
      String claim = spec.getOutput().getPvc().getClaimName();
      if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
        problems.add("spec.output.pvc.claimName: PersistentVolumeClaim \"" + claim + "\" does not exist in namespace "
            + namespace + "; create it or fix the name");
      }
    }
    if (spec.getSource() != null && spec.getSource().getConfigMapRef() != null) {
      checkSourceConfigMap(namespace, spec.getSource().getConfigMapRef(), problems);
    }
    if (spec.getSource() != null && spec.getSource().getS3() != null) {
      checkSourceObject(namespace, spec.getSource().getS3(), problems);
    }
    List<String> unknown = spec.getProviders() == null ? List.of()
        : spec.getProviders().stream().filter(name -> config.provider(name).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      problems.add("spec.providers: unknown provider(s) " + unknown + "; configured providers are "
          + config.providers().stream().map(OperatorConfig.ProviderSettings::name).toList());
    }
    return problems.isEmpty() ? Optional.empty()
        : Optional.of(new Rejection(ConditionTypes.REASON_INVALID_SPEC, String.join("; ", problems)));
  }

  /**
   * A source object is read through a URL the gateway signs only under the job's namespace prefix (the
   * bucket is shared by all teams); saying so here beats a 403 in a worker log.
   */
  private static void checkSourceObject(String namespace, S3Source source, List<String> problems) {
    if (!source.getKey().startsWith(namespace + "/")) {
      problems.add("spec.source.s3.key \"" + source.getKey() + "\" is outside this namespace's prefix; "
          + "jobs in namespace " + namespace + " read source objects under \"" + namespace + "/\" only");
    }
  }

  private static void checkVoice(VoiceCatalog catalog, String where, String dialect, String voice, List<String> problems) {
    Optional<DialectEntry> entry = catalog.dialect(dialect);
    if (entry.isEmpty()) {
      problems.add(where + ": dialect \"" + dialect + "\" is not in the voice catalog; known dialects are "
          + catalog.dialectIds());
    } else if (catalog.resolveVoice(dialect, voice).isEmpty()) {
      problems.add(where + ": voice \"" + voice + "\" is not a voice of dialect " + dialect + "; its voices are "
          + new TreeSet<>(entry.get().voices().keySet()));
    }
  }

  private void checkSourceConfigMap(String namespace, ConfigMapSource ref, List<String> problems) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
    if (map == null) {
      problems.add("spec.source.configMapRef: ConfigMap \"" + ref.getName() + "\" does not exist in namespace "
          + namespace + "; create it or fix the name");
    } else if ((map.getData() == null || !map.getData().containsKey(ref.getKey()))
        && (map.getBinaryData() == null || !map.getBinaryData().containsKey(ref.getKey()))) {
      problems.add("spec.source.configMapRef: ConfigMap \"" + ref.getName() + "\" has no key \"" + ref.getKey()
          + "\"; its keys are " + keys(map));
    }
  }

  private static Set<String> keys(ConfigMap map) {
    Set<String> keys = new TreeSet<>();
    if (map.getData() != null) {
      keys.addAll(map.getData().keySet());
    }
    if (map.getBinaryData() != null) {
      keys.addAll(map.getBinaryData().keySet());
    }
    return keys;
  }
}
