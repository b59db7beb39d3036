package io.dialect.tts.client;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The audio encodings the gateway produces: asked for in a {@link SpeechRequest}, reported by {@link Speech#format()}. */
public enum AudioFormat {
  /** MPEG-1 Layer III, {@code audio/mpeg}. */
  MP3("mp3", "audio/mpeg", Set.of("audio/mpeg", "audio/mp3")),
  /** RIFF WAVE, {@code audio/wav}. */
  WAV("wav", "audio/wav", Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave")),
  /** Ogg container, {@code audio/ogg}. */
  OGG("ogg", "audio/ogg", Set.of("audio/ogg"));

  private final String wireName;
  private final String mediaType;
  private final Set<String> acceptedMediaTypes;

  AudioFormat(String wireName, String mediaType, Set<String> acceptedMediaTypes) {
    this.wireName = wireName;
    this.mediaType = mediaType;
    this.acceptedMediaTypes = acceptedMediaTypes;
  }

  /** The name in the request's {@code format} field, which is also the usual file extension: {@code mp3}, {@code wav}, {@code ogg}. */
  public String wireName() {
    return wireName;
  }

  /** The media type the gateway answers with, e.g. {@code audio/mpeg}. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The format of a {@code Content-Type} value, parameters ignored; common aliases such as
   * {@code audio/x-wav} count.
   *
   * @return empty when the value names no format of this enum
   */
  static Optional<AudioFormat> ofContentType(String contentType) {
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    for (AudioFormat format : values()) {
      if (format.acceptedMediaTypes.contains(mediaType)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
