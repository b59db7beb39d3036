package io.dialect.tts.operator.validation;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Reads the voice catalog from the provider config ConfigMap named in the operator config (read before
 * each launch, so an edited catalog applies to the next job without a restart); without one, the default
 * catalog applies.
 */
public final class ProviderConfigSource {
  private final KubernetesClient client;
  private final OperatorConfig.ProviderConfigRef ref;

  public ProviderConfigSource(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.ref = config.providerConfig();
  }

  public VoiceCatalog load() {
    if (ref == null) {
      return VoiceCatalog.defaultCatalog();
    }
    ConfigMap map = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
    if (map == null || map.getData() == null || map.getData().get(ref.key()) == null) {
      throw new MisconfiguredException("the operator's provider config ConfigMap " + ref.namespace() + "/" + ref.name()
          + " (key " + ref.key() + ") does not exist; the platform team must create it");
    }
    try {
      return VoiceCatalog.fromConfigYaml(map.getData().get(ref.key()));
    } catch (IllegalArgumentException e) {
      throw new MisconfiguredException("the operator's provider config " + ref.namespace() + "/" + ref.name()
          + " is invalid: " + e.getMessage());
    }
  }
}
