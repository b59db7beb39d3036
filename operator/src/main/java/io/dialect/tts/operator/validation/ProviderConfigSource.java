package io.dialect.tts.operator.validation;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Reads the provider config ConfigMap named in the operator config (read before each launch, so an
 * edited catalog applies to the next job without a restart); without one, the default catalog applies.
 */
public final class ProviderConfigSource {
  private final KubernetesClient client;
  private final OperatorConfig.ProviderConfigRef ref;

  public ProviderConfigSource(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.ref = config.providerConfig();
  }

  public ProviderConfig load() {
    if (ref == null) {
      return new ProviderConfig(Optional.empty(), VoiceCatalog.defaultCatalog());
    }
    ConfigMap map = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
    if (map == null || map.getData() == null || map.getData().get(ref.key()) == null) {
      throw new MisconfiguredException("the operator's provider config ConfigMap " + ref.namespace() + "/" + ref.name()
          + " (key " + ref.key() + ") does not exist; the platform team must create it");
    }
    String yaml = map.getData().get(ref.key());
    try {
      return new ProviderConfig(Optional.of(yaml), VoiceCatalog.fromConfigYaml(yaml));
    } catch (IllegalArgumentException e) {
      throw new MisconfiguredException("the operator's provider config " + ref.namespace() + "/" + ref.name()
          + " is invalid: " + e.getMessage());
    }
  }
}
