package io.dialect.tts.operator.launch;

import io.dialect.tts.api.Labels;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.NameHash;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/** Name, labels and controller owner reference shared by every object a TTSJob owns. */
final class OwnedMetadata {
  private static final int LABEL_VALUE_MAX = 63;
  private static final int HASH_CHARS = 10;

  private OwnedMetadata() {
  }

  static Map<String, String> labels(TTSJob job) {
    return Map.of(
        Labels.NAME, Labels.WORKER_NAME,
        Labels.COMPONENT, Labels.WORKER_COMPONENT,
        Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE,
        Labels.PART_OF, Labels.PART_OF_VALUE,
        Labels.JOB, labelValue(job.getMetadata().getName()),
        Labels.JOB_UID, job.getMetadata().getUid());
  }

  /** The name itself while it fits a label value (63); a longer one is cut and made unique with a hash. */
  static String labelValue(String name) {
    if (name.length() <= LABEL_VALUE_MAX) {
      return name;
    }
    String head = name.substring(0, LABEL_VALUE_MAX - HASH_CHARS - 1).replaceAll("[-.]+$", "");
    return head + "-" + NameHash.of(name, HASH_CHARS);
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
