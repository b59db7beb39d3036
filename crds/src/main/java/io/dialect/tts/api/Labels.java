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

  /** Name of the TTSJob an owned object belongs to (cut and hashed past 63 characters, a label value's limit). */
  public static final String JOB = ApiGroup.GROUP + "/job";
  /** UID of that TTSJob, so a re-created job of the same name never adopts old objects. */
  public static final String JOB_UID = ApiGroup.GROUP + "/job-uid";

  /** Finalizer that removes a job's Redis keys before the TTSJob goes away. */
  public static final String CLEANUP_FINALIZER = ApiGroup.GROUP + "/cleanup";

  private Labels() {
  }
}
