package io.dialect.tts.worker.provider;

import io.dialect.tts.worker.synthesis.Audio;
import java.util.Objects;

/** What the provider chain made of one request: audio and who served it, or why there is none. */
public sealed interface ProviderOutcome {

  /** Code points billed providers billed (their successful calls) and the calls made to billed providers. */
  long billedCharacters();

  int billedCalls();

  /**
   * @param provider          the provider name that served the request
   * @param keyName           {@code primary}, {@code backup}, or {@code none} for the local engine
   * @param degraded          a local stand-in voice served it (the dialect's espeak fallback)
   * @param billedCharacters  code points billed for this request by every billed provider tried: a
   *                          provider that served some chunks before failing billed them too
   * @param attempts          upstream calls made for this request, retries and failovers included
   * @param billedCalls       those of the calls that went to billed providers
   */
  record Served(Audio audio, String provider, String keyName, boolean degraded, long billedCharacters, int attempts,
      int billedCalls) implements ProviderOutcome {
    public Served {
      Objects.requireNonNull(audio, "audio");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(keyName, "keyName");
    }
  }

  /**
   * @param reason  a short CamelCase word for manifests and metrics: {@code ProviderRejected} (the
   *                upstream refused the request itself), {@code AllProvidersFailed}, {@code NoVoice},
   *                {@code EmptyText}, {@code UnknownProvider}
   * @param message what happened, for a person; never contains a key
   */
  record Failed(String reason, String message, long billedCharacters, int billedCalls) implements ProviderOutcome {
    public static final String PROVIDER_REJECTED = "ProviderRejected";
    public static final String ALL_PROVIDERS_FAILED = "AllProvidersFailed";
    public static final String NO_VOICE = "NoVoice";
    public static final String EMPTY_TEXT = "EmptyText";
    public static final String UNKNOWN_PROVIDER = "UnknownProvider";

    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** Failed before any billed call. */
    public Failed(String reason, String message) {
      this(reason, message, 0, 0);
    }
  }
}
