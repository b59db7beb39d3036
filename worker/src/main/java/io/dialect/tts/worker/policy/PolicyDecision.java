package io.dialect.tts.worker.policy;

import java.util.Objects;

/** What the content policy made of a text. */
public sealed interface PolicyDecision {

  /** Synthesize {@code text}; {@code redacted} tells whether it differs from the original. */
  record Allowed(String text, boolean redacted) implements PolicyDecision {
    public Allowed {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Do not synthesize. The message names which configured pattern matched, never the matched text,
   * so the manifest, audit log and events do not repeat what the policy keeps out.
   */
  record Rejected(String reason, String message) implements PolicyDecision {
    /** The manifest reason of every rejection by the policy. */
    public static final String REASON = "ContentPolicy";

    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
