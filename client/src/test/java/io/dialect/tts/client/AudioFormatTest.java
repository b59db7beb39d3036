package io.dialect.tts.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioFormatTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "audio/mpeg | MP3",
      "audio/mpeg; charset=binary | MP3",
      "Audio/WAV | WAV",
      "audio/x-wav | WAV",
      "audio/ogg;codecs=opus | OGG"})
  void readsTheFormatFromAContentTypeIgnoringParametersAndCase(String contentType, AudioFormat format) {
    assertThat(AudioFormat.ofContentType(contentType)).contains(format);
  }

  @ParameterizedTest
  @CsvSource({"application/json", "text/html", "''"})
  void aContentTypeThatIsNoKnownAudioHasNoFormat(String contentType) {
    assertThat(AudioFormat.ofContentType(contentType)).isEmpty();
  }
}
