package io.dialect.tts.worker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Keeps configured content out of synthesis, applied to each item's text before anything is looked
 * up or billed. Thread-safe: compiled patterns are immutable.
 */
public final class ContentPolicy {
  private final ContentPolicySettings.Mode mode;
  private final List<Pattern> patterns;
  private final String replacement;

  private ContentPolicy(ContentPolicySettings settings) {
    this.mode = settings.mode();
    this.replacement = Matcher.quoteReplacement(settings.replacement());
    List<Pattern> compiled = new ArrayList<>();
    for (int i = 0; i < settings.patterns().size(); i++) {
      try {
        Pattern pattern = Pattern.compile(settings.patterns().get(i));
        if (pattern.matcher("").matches()) {
          throw new IllegalArgumentException("contentPolicy.patterns[" + i + "] matches the empty text, so it "
              + "would match every text");
        }
        compiled.add(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("contentPolicy.patterns[" + i + "] is not a valid regular expression: "
            + e.getDescription() + " at index " + e.getIndex(), e);
      }
    }
    this.patterns = List.copyOf(compiled);
  }

  /** @throws IllegalArgumentException naming the first pattern that does not compile */
  public static ContentPolicy of(ContentPolicySettings settings) {
    return new ContentPolicy(Objects.requireNonNull(settings, "settings"));
  }

  public static ContentPolicy allowAll() {
    return of(ContentPolicySettings.none());
  }

  public PolicyDecision apply(String text) {
    return mode == ContentPolicySettings.Mode.REJECT ? reject(text) : redact(text);
  }

  private PolicyDecision reject(String text) {
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(text).find()) {
        return new PolicyDecision.Rejected(PolicyDecision.Rejected.REASON,
            "the text matches content policy pattern #" + (i + 1));
      }
    }
    return new PolicyDecision.Allowed(text, false);
  }

  private PolicyDecision redact(String text) {
    String result = text;
    for (Pattern pattern : patterns) {
      result = pattern.matcher(result).replaceAll(replacement);
    }
    if (result.isBlank() && !text.isBlank()) {
      return new PolicyDecision.Rejected(PolicyDecision.Rejected.REASON, "nothing is left of the text after redaction");
    }
    return new PolicyDecision.Allowed(result, !result.equals(text));
  }
}
