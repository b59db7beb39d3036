package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.usage.QuotaNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The namespaces that have a TTSQuota, from a watch on the API server (RBAC: list and watch ttsquotas).
 * Read from the informer's cache (its built-in namespace index) on every billed call; started, and synced, before the gateway serves.
 */
public final class KubernetesQuotaNamespaces implements QuotaNamespaces, AutoCloseable {
  private final SharedIndexInformer<TTSQuota> informer;

  public KubernetesQuotaNamespaces(KubernetesClient client) {
    informer = client.resources(TTSQuota.class).inAnyNamespace().runnableInformer(0);
    informer.run();
  }

  @Override
  public boolean hasQuota(String namespace) {
    return !informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).isEmpty();
  }

  @Override
  public void close() {
    informer.close();
  }
}
