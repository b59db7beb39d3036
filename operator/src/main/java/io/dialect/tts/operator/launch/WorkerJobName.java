package io.dialect.tts.operator.launch;

import io.dialect.tts.api.v1alpha1.TTSJob;

/**
 * The name of a TTSJob's batch Job and ConfigMap: {@code ttsjob-NAME-UID8}, from the TTSJob's name and
 * the first eight hex digits of its uid. Deterministic, so a restarted operator finds the Job it
 * created; different for a TTSJob re-created under the same name, so the new one never meets the old
 * one's leftovers. At most {@value #MAX} characters (long names are cut): an Indexed Job's pods are
 * named {@code JOB-INDEX} and must stay within 63.
 */
public final class WorkerJobName {
  static final String PREFIX = "ttsjob-";
  static final int MAX = 52;
  private static final int UID_CHARS = 8;

  private WorkerJobName() {
  }

  public static String of(TTSJob job) {
    return of(job.getMetadata().getName(), job.getMetadata().getUid());
  }

  public static String of(String ttsJobName, String uid) {
    String suffix = "-" + uid.substring(0, Math.min(UID_CHARS, uid.length()));
    String head = PREFIX + ttsJobName;
    if (head.length() + suffix.length() > MAX) {
      head = head.substring(0, MAX - suffix.length()).replaceAll("[-.]+$", "");
    }
    return head + suffix;
  }
}
