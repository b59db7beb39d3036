package io.dialect.tts.worker.output;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.TTSItem;
import java.util.regex.Pattern;

/**
 * The names under a job's output place. A prefix is relative and always ends with '/' (so
 * "welcome" and "welcome/" are the same place); no segment may be empty, "." or "..", so no
 * prefix can climb out of its namespace's place, whatever the CRD pattern let through.
 */
final class OutputPrefix {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern ITEM_ID = Pattern.compile(TTSItem.ID_PATTERN);
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private OutputPrefix() {
  }

  /** "" for no prefix, else the prefix ending with '/'. */
  static String normalize(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("output prefix '" + prefix + "' must be relative, made of segments of "
            + "letters, digits, '.', '_' and '-', with no empty, '.' or '..' segment");
      }
    }
    return trimmed + "/";
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
