package io.dialect.tts.operator.launch;

import io.dialect.tts.api.Labels;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/** Name, labels and controller owner reference shared by every object a TTSJob owns. */
final class OwnedMetadata {
  private OwnedMetadata() {
  }

  static Map<String, String> labels(TTSJob job) {
    return Map.of(
        Labels.NAME, Labels.WORKER_NAME,
        Labels.COMPONENT, Labels.WORKER_COMPONENT,
        Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE,
        Labels.PART_OF, Labels.PART_OF_VALUE,
        Labels.JOB, Labels.jobValue(job.getMetadata().getName()),
        Labels.JOB_UID, job.getMetadata().getUid());
  }

  /** The owner reference makes the API server's garbage collector delete the object with its TTSJob. */
  static ObjectMeta of(TTSJob job) {
    return new ObjectMetaBuilder()
        .withName(WorkerJobName.of(job))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels(job))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(job.getApiVersion())
            .withKind(job.getKind())
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .build();
  }
}
