package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Container format of the produced audio files. */
public enum AudioFormat {
  @JsonProperty("mp3") MP3("mp3"),
  @JsonProperty("wav") WAV("wav"),
  @JsonProperty("ogg") OGG("ogg");

  private final String extension;

  AudioFormat(String extension) {
    this.extension = extension;
  }

  /** The file extension and the wire name of this format. */
  public String extension() {
    return extension;
  }
}
