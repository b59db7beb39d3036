package io.dialect.tts.api;

import io.dialect.tts.api.v1alpha1.ApiGroup;

/** Labels, annotations and finalizers the operator puts on the objects it owns. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PART_OF = "app.kubernetes.io/part-of";

  public static final String MANAGED_BY_VALUE = "tts-operator";
  public static final String PART_OF_VALUE = "dialect-tts";
  public static final String WORKER_NAME = "tts-worker";
  public static final String WORKER_COMPONENT = "worker";

  /** Name of the TTSJob an owned object belongs to, as {@link #jobValue} makes it fit a label value. */
  public static final String JOB = ApiGroup.GROUP + "/job";
  /** UID of that TTSJob, so a re-created job of the same name never adopts old objects. */
  public static final String JOB_UID = ApiGroup.GROUP + "/job-uid";

  /** Finalizer that removes a job's Redis keys before the TTSJob goes away. */
  public static final String CLEANUP_FINALIZER = ApiGroup.GROUP + "/cleanup";

  private static final int LABEL_VALUE_MAX = 63;
  private static final int HASH_CHARS = 10;

  private Labels() {
  }

  /**
   * The {@link #JOB} label value of a TTSJob name: the name itself while it fits a label value (63 characters);
   * a longer name (TTSJob names may have 253) keeps a readable head and ends in a hash of the whole name, so two
   * long names with the same head stay apart. Everyone who sets or selects by the label uses this.
   */
  public static String jobValue(String ttsJobName) {
    if (ttsJobName.length() <= LABEL_VALUE_MAX) {
      return ttsJobName;
    }
    String head = ttsJobName.substring(0, LABEL_VALUE_MAX - HASH_CHARS - 1).replaceAll("[-.]+$", "");
    return head + "-" + NameHash.of(ttsJobName, HASH_CHARS);
  }
}
