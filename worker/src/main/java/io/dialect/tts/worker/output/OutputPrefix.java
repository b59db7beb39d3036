package io.dialect.tts.worker.output;

import io.dialect.tts.api.OutputLayout;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.TTSItem;
import java.util.regex.Pattern;

/**
 * The names under a job's output place. A prefix is relative and always ends with '/' (so
 * "welcome" and "welcome/" are the same place); no segment may be empty, "." or "..", so no
 * prefix can climb out of its namespace's place, whatever the CRD pattern let through.
 */
final class OutputPrefix {
  private static final Pattern ITEM_ID = Pattern.compile(TTSItem.ID_PATTERN);
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private OutputPrefix() {
  }

  /** "" for no prefix, else the prefix ending with '/' (one rule for worker and operator: {@link OutputLayout}). */
  static String normalize(String prefix) {
    return OutputLayout.normalizedPrefix(prefix);
  }

  static String namespace(String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("'" + namespace + "' is not a Kubernetes namespace name");
    }
    return namespace;
  }

  /** {id}.{format}; the id is checked again here because it becomes a file or object name. */
  static String audioFileName(String itemId, AudioFormat format) {
    if (itemId == null || !ITEM_ID.matcher(itemId).matches()) {
      throw new IllegalArgumentException("item id '" + itemId + "' cannot name an output file");
    }
    return itemId + "." + format.extension();
  }
}
