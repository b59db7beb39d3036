package io.dialect.tts.client;

import java.util.Optional;

/**
 * The gateway's answer to a {@link SpeechRequest}: the audio and how it was produced and billed.
 * Immutable.
 */
public final class Speech {
  /** The {@link #cacheTier()} of audio that was synthesized for this call rather than served from a cache. */
  public static final String CACHE_MISS = "none";

  private final byte[] audio;
  private final AudioFormat format;
  private final String requestId;
  private final String provider;
  private final String cacheTier;
  private final long billedCharacters;
  private final boolean degraded;

  Speech(byte[] audio, AudioFormat format, String requestId, String provider, String cacheTier,
      long billedCharacters, boolean degraded) {
    this.audio = audio;
    this.format = format;
    this.requestId = requestId;
    this.provider = provider;
    this.cacheTier = cacheTier;
    this.billedCharacters = billedCharacters;
    this.degraded = degraded;
  }

  /** The encoded audio, ready to write to a file or play; a fresh copy on each call. */
  public byte[] audio() {
    return audio.clone();
  }

  /** The size of {@link #audio()} in bytes. */
  public int size() {
    return audio.length;
  }

  /** The encoding of {@link #audio()}, from the answer's {@code Content-Type}. */
  public AudioFormat format() {
    return format;
  }

  /** The gateway's id of this call ({@code X-TTS-Request-Id}): quote it when asking the platform team about a call. */
  public String requestId() {
    return requestId;
  }

  /**
   * The TTS provider that synthesized the audio ({@code X-TTS-Provider}), e.g. {@code xiangyinge};
   * empty when the audio came from a cache.
   */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  /**
   * The cache tier that served the audio ({@code X-TTS-Cache-Tier}), e.g. {@code memory},
   * {@code redis}, {@code s3}; {@value #CACHE_MISS} when it was synthesized for this call.
   */
  public String cacheTier() {
    return cacheTier;
  }

  /** Whether the audio came from a cache tier rather than from a provider. */
  public boolean fromCache() {
    return !CACHE_MISS.equals(cacheTier);
  }

  /** The characters this call counted against the namespace's TTSQuota ({@code X-TTS-Billed-Characters}). */
  public long billedCharacters() {
    return billedCharacters;
  }

  /**
   * Whether the audio is of lower quality than asked ({@code X-TTS-Degraded}), e.g. spoken by the
   * gateway's local fallback engine while the voice's providers were unavailable.
   */
  public boolean degraded() {
    return degraded;
  }

  @Override
  public String toString() {
    return "Speech[" + audio.length + " bytes " + format.wireName() + ", requestId=" + requestId
        + ", provider=" + (provider == null ? "-" : provider) + ", cacheTier=" + cacheTier
        + ", billedCharacters=" + billedCharacters + (degraded ? ", degraded" : "") + "]";
  }
}
