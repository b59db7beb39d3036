package io.dialect.tts.operator.validation;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;

/**
 * Reads the voice catalog from the provider config ConfigMap named in the operator config (read again
 * at most every {@value #FRESH_SECONDS} s, so an edited catalog applies to the next jobs without a
 * restart, while a thousand queued jobs looked at again do not each read it); without one, the default
 * catalog applies.
 */
public final class ProviderConfigSource {
  static final long FRESH_SECONDS = 5;
  private final KubernetesClient client;
  private final OperatorConfig.ProviderConfigRef ref;
  private volatile Loaded last;

  private record Loaded(VoiceCatalog catalog, long atNanos) {
  }

  public ProviderConfigSource(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.ref = config.providerConfig();
  }

  public VoiceCatalog load() {
    if (ref == null) {
      return VoiceCatalog.defaultCatalog();
    }
    Loaded cached = last;
    if (cached != null && System.nanoTime() - cached.atNanos() < TimeUnit.SECONDS.toNanos(FRESH_SECONDS)) {
      return cached.catalog();
    }
    VoiceCatalog catalog = read();
    last = new Loaded(catalog, System.nanoTime());
    return catalog;
  }

  private VoiceCatalog read() {
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
