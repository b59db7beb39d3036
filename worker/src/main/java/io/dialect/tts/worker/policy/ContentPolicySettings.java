package io.dialect.tts.worker.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code contentPolicy} block of the worker's configuration:
 * <pre>
 * contentPolicy:
 *   mode: reject          # or redact
 *   patterns: ["(?i)secret\\w*", "\\d{11}"]
 *   replacement: "*"      # redact mode: each match becomes this text
 * </pre>
 * Patterns are Java regular expressions; none means every text is allowed.
 */
public record ContentPolicySettings(Mode mode, List<String> patterns, String replacement) {

  public enum Mode {
    /** An item whose text matches any pattern is not synthesized (reason ContentPolicy). */
    @JsonProperty("reject") REJECT,
    /** Matches are replaced and the item is synthesized. */
    @JsonProperty("redact") REDACT
  }

  public static final String DEFAULT_REPLACEMENT = "*";

  public ContentPolicySettings {
    mode = mode == null ? Mode.REJECT : mode;
    patterns = patterns == null ? List.of() : List.copyOf(patterns);
    replacement = replacement == null ? DEFAULT_REPLACEMENT : replacement;
  }

  /** No patterns: everything allowed. */
  public static ContentPolicySettings none() {
    return new ContentPolicySettings(null, null, null);
  }
}
