package io.dialect.tts.operator.launch;

import io.dialect.tts.operator.NameHash;

/**
 * The name of a TTSJob's batch Job and ConfigMap: derived from the TTSJob name only, so an operator
 * restart finds the existing Job instead of creating a second one. Job names must fit a label value
 * (63 characters); long names are cut and made unique again with a hash of the full name.
 */
public final class WorkerJobName {
  static final String PREFIX = "ttsjob-";
  private static final int MAX = 63;
  private static final int HASH_CHARS = 10;

  private WorkerJobName() {
  }

  public static String of(String ttsJobName) {
    String name = PREFIX + ttsJobName;
    if (name.length() <= MAX) {
      return name;
    }
    String head = name.substring(0, MAX - HASH_CHARS - 1).replaceAll("[-.]+$", "");
    return head + "-" + NameHash.of(ttsJobName, HASH_CHARS);
  }
}
