package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.audio.AudioJoiner;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.audio.Ffprobe;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.provider.config.ProviderType;
import io.dialect.tts.worker.synthesis.Audio;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A long text is split under the provider's limit and the chunks' audio joined into one file as long as its parts. */
class LongTextTest {
  private final AudioTranscoder transcoder = new AudioTranscoder();
  private final EspeakProvider espeak = new EspeakProvider(new ProviderSettings("espeak", ProviderType.ESPEAK,
      null, null, null, null, null, null, null, null, null, null, null), transcoder);

  @ParameterizedTest(name = "{0} characters as {2}, at most {1} per request")
  @CsvSource({"3000, 400, WAV", "600, 150, MP3", "600, 150, OGG"})
  void chunksStayUnderTheLimitAndTheJoinedAudioLastsAsLongAsTheChunks(int length, int limit, AudioFormat format)
      throws Exception {
    String text = "今天天气很好，我们一起去公园散步吧。".repeat(length / 17 + 1).substring(0, length);

    List<String> chunks = SentenceSplitter.split(text, limit);
    List<Audio> parts = new ArrayList<>();
    double sum = 0;
    for (String chunk : chunks) {
      assertThat(chunk.codePointCount(0, chunk.length())).isLessThanOrEqualTo(limit);
      Audio part = espeak.synthesize(new ProviderCall(chunk, "mandarin", "cmn", 1.5, null, format, null));
      parts.add(part);
      sum += Ffprobe.durationSeconds(part);
    }
    Audio joined = new AudioJoiner(transcoder).join(parts);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(String.join("", chunks)).as("no text lost or added").isEqualTo(text.replace(" ", ""));
    assertThat(joined.format()).isEqualTo(format);
    // Lossy codecs pad each encoded chunk by a frame or two: allow 0.1 s per chunk.
    assertThat(Ffprobe.durationSeconds(joined)).isCloseTo(sum, within(0.1 * chunks.size() + 0.05));
  }
}
