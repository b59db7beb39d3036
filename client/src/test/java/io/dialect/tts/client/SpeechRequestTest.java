package io.dialect.tts.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpeechRequestTest {

  @Test
  void eachSetterReturnsANewRequestAndLeavesTheTemplateAsItWas() {
    SpeechRequest template = SpeechRequest.of("老铁们好").dialect("dongbei");

    SpeechRequest wav = template.voice("dongbei_laotie").format(AudioFormat.WAV);

    assertThat(template.voice()).isEmpty();
    assertThat(template.format()).isEmpty();
    assertThat(wav.dialect()).contains("dongbei");
    assertThat(wav.voice()).contains("dongbei_laotie");
    assertThat(wav.format()).contains(AudioFormat.WAV);
  }

  @Test
  void blankTextIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> SpeechRequest.of(" \n")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void speedMustBeAPositiveFiniteNumber() {
    SpeechRequest request = SpeechRequest.of("你好");

    assertThatThrownBy(() -> request.speed(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> request.speed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(request.speed(0.5).speed()).hasValue(0.5);
  }

  @Test
  void toStringLeavesTheTextOut() {
    assertThat(SpeechRequest.of("我的银行卡密码").dialect("cantonese"))
        .hasToString("SpeechRequest[7 chars, dialect=cantonese]");
  }
}
