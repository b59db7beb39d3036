package io.dialect.tts.operator.launch;

import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The owned ConfigMap a worker pod reads: the TTSJob (with its inline items) and, when configured, a
 * copy of the provider config - a pod can mount ConfigMaps of its own namespace only, and the provider
 * config holds no secrets (keys come from Secret refs).
 */
public final class JobConfigMapBuilder {
  private final KubernetesSerialization serialization;

  public JobConfigMapBuilder(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  public ConfigMap build(TTSJob job, Optional<String> providerConfigYaml) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(WorkerPodContract.JOB_FILE, serialization.asYaml(workerView(job)));
    providerConfigYaml.ifPresent(yaml -> data.put(WorkerPodContract.CONFIG_FILE, yaml));
    return new ConfigMapBuilder()
        .withMetadata(OwnedMetadata.of(job))
        .withData(data)
        .build();
  }

  /** The job as the worker needs it: identity and spec, without status or server-side metadata. */
  private static TTSJob workerView(TTSJob job) {
    TTSJob view = new TTSJob();
    view.setMetadata(new ObjectMetaBuilder()
        .withName(job.getMetadata().getName())
        .withNamespace(job.getMetadata().getNamespace())
        .withUid(job.getMetadata().getUid())
        .build());
    view.setSpec(job.getSpec());
    return view;
  }
}
