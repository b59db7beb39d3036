package io.dialect.tts.worker.audio;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.Audio;
import java.util.List;

/**
 * Joins the audio of consecutive text chunks into one file. WAV is joined sample by sample; mp3 and
 * ogg are decoded, joined as WAV and encoded once, which avoids container-level gaps and
 * mismatched stream headers.
 */
public final class AudioJoiner {
  private final AudioTranscoder transcoder;

  public AudioJoiner(AudioTranscoder transcoder) {
    this.transcoder = transcoder;
  }

  public Audio join(List<Audio> chunks) {
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("nothing to join");
    }
    if (chunks.size() == 1) {
      return chunks.get(0);
    }
    AudioFormat format = chunks.get(0).format();
    WavContainer joined = null;
    for (Audio chunk : chunks) {
      if (chunk.format() != format) {
        throw new IllegalArgumentException("chunks to join differ in format: " + format + " and " + chunk.format());
      }
      WavContainer wav = WavContainer.parse(transcoder.transcode(chunk, AudioFormat.WAV).data());
      joined = joined == null ? wav : joined.append(wav);
    }
    return transcoder.transcode(new Audio(joined.toBytes(), AudioFormat.WAV), format);
  }
}
