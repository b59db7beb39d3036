package io.dialect.tts.worker.synthesis;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import java.util.Objects;

/** Encoded audio in one container format. */
public record Audio(byte[] data, AudioFormat format) {

  public Audio {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(format, "format");
  }

  public int size() {
    return data.length;
  }
}
