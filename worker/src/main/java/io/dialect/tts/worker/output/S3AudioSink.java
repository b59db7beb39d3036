package io.dialect.tts.worker.output;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.Audio;
import java.io.ByteArrayInputStream;
import java.util.Objects;
import java.util.OptionalLong;

/** Audio objects at {@code s3://{bucket}/{namespace}/{prefix}{id}.{format}}, through pre-signed URLs. */
public final class S3AudioSink implements AudioSink {
  private final ObjectUrls urls;
  private final S3Place place;
  private final UrlObjects http;

  S3AudioSink(ObjectUrls urls, S3Place place, UrlObjects http) {
    this.urls = Objects.requireNonNull(urls, "urls");
    this.place = place;
    this.http = http;
  }

  @Override
  public OptionalLong existingSize(String itemId, AudioFormat format) {
    return http.size(urls.url(OutputPrefix.audioFileName(itemId, format), "HEAD"));
  }

  @Override
  public String write(String itemId, Audio audio) {
    String fileName = OutputPrefix.audioFileName(itemId, audio.format());
    http.put(urls.url(fileName, "PUT"), () -> new ByteArrayInputStream(audio.data()), audio.size(),
        contentType(audio.format()));
    return place.uri(fileName);
  }

  @Override
  public String uriOf(String itemId, AudioFormat format) {
    return place.uri(OutputPrefix.audioFileName(itemId, format));
  }

  private static String contentType(AudioFormat format) {
    return switch (format) {
      case MP3 -> "audio/mpeg";
      case WAV -> "audio/wav";
      case OGG -> "audio/ogg";
    };
  }
}
