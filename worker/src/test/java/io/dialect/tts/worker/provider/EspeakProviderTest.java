package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.audio.Ffprobe;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.provider.config.ProviderType;
import io.dialect.tts.worker.synthesis.Audio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Real espeak-ng and ffmpeg: the audio must decode, in every format, for every local voice. */
class EspeakProviderTest {
  private final EspeakProvider espeak = new EspeakProvider(new ProviderSettings("espeak", ProviderType.ESPEAK,
      null, null, null, null, null, null, null, null, null, null, null), new AudioTranscoder());

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource({
      "cmn, WAV, pcm_s16le", "cmn, MP3, mp3", "cmn, OGG, opus",
      "yue, WAV, pcm_s16le", "yue, MP3, mp3", "yue, OGG, opus",
      "hak, WAV, pcm_s16le", "hak, MP3, mp3", "hak, OGG, opus"})
  void speaksEachLocalVoiceInEachFormat(String voice, AudioFormat format, String codec) throws Exception {
    Audio audio = espeak.synthesize(new ProviderCall("你好，欢迎光临。", "x", voice, 1.0, null, format, null));

    assertThat(audio.format()).isEqualTo(format);
    assertThat(Ffprobe.codec(audio)).isEqualTo(codec);
    assertThat(Ffprobe.durationSeconds(audio)).as("decoded duration").isPositive();
  }

  @Test
  void speedMapsToWordsPerMinuteAndMakesSpeechShorter() throws Exception {
    assertThat(EspeakProvider.wordsPerMinute(1.0)).isEqualTo(175);
    assertThat(EspeakProvider.wordsPerMinute(2.0)).isEqualTo(350);
    String text = "今天天气很好，我们一起去公园散步吧。";
    double normal = Ffprobe.durationSeconds(espeak.synthesize(new ProviderCall(text, "x", "cmn", 1.0, null, AudioFormat.WAV, null)));
    double fast = Ffprobe.durationSeconds(espeak.synthesize(new ProviderCall(text, "x", "cmn", 2.0, null, AudioFormat.WAV, null)));
    assertThat(fast).isLessThan(normal);
    assertThat(espeak.billed()).as("the local engine is free").isFalse();
  }

  @Test
  void shellMetacharactersInTheTextAreSpokenNotRun() throws Exception {
    Audio audio = espeak.synthesize(new ProviderCall("$(touch /tmp/pwned-by-tts); `id` | rm -rf ~ ' \" -v", "x", "cmn",
        1.0, null, AudioFormat.WAV, null));
    assertThat(Ffprobe.durationSeconds(audio)).isPositive();
    assertThat(new java.io.File("/tmp/pwned-by-tts")).doesNotExist();
  }

  @Test
  void anUnknownVoiceIsACallerError() {
    assertThatThrownBy(() -> espeak.synthesize(new ProviderCall("hi", "x", "qqqxyz", 1.0, null, AudioFormat.WAV, null)))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CALLER));
  }
}
