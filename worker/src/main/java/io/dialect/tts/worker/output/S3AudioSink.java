package io.dialect.tts.worker.output;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.Audio;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Audio objects at {@code s3://{bucket}/{namespace}/{prefix}{id}.{format}}. */
public final class S3AudioSink implements AudioSink {
  private final S3Client s3;
  private final S3Place place;

  /** @throws IllegalArgumentException when the namespace or prefix could leave the namespace's place */
  public S3AudioSink(S3Client s3, String bucket, String namespace, String prefix) {
    this(s3, new S3Place(bucket, namespace, prefix));
  }

  S3AudioSink(S3Client s3, S3Place place) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.place = place;
  }

  @Override
  public OptionalLong existingSize(String itemId, AudioFormat format) {
    String key = place.key(OutputPrefix.audioFileName(itemId, format));
    try {
      return OptionalLong.of(s3.headObject(head -> head.bucket(place.bucket()).key(key)).contentLength());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  @Override
  public String write(String itemId, Audio audio) {
    String fileName = OutputPrefix.audioFileName(itemId, audio.format());
    s3.putObject(put -> put.bucket(place.bucket()).key(place.key(fileName)).contentType(contentType(audio.format())),
        RequestBody.fromBytes(audio.data()));
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
