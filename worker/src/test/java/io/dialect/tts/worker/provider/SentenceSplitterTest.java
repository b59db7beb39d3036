package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void aTextWithinTheLimitStaysWhole() {
    assertThat(SentenceSplitter.split("老铁们好。欢迎！", 20)).containsExactly("老铁们好。欢迎！");
  }

  @Test
  void splitsAfterSentenceEndsAndPacksSentencesUpToTheLimit() {
    assertThat(SentenceSplitter.split("一二三。四五六！七八九？十；", 7))
        .containsExactly("一二三。", "四五六！", "七八九？十；");
  }

  @Test
  void asciiSentenceEndsCountOnlyBeforeWhitespaceAndNewlinesAlwaysCount() {
    assertThat(SentenceSplitter.split("Pi is 3.14 today. Next one!\nLine two", 18))
        .containsExactly("Pi is 3.14 today.", "Next one!", "Line two");
  }

  @Test
  void aSentenceOverTheLimitIsCutAtCommasThenHard() {
    assertThat(SentenceSplitter.split("一二三，四五六，七八九十一二三四五。", 5))
        .containsExactly("一二三，", "四五六，", "七八九十一", "二三四五。");
  }

  @Test
  void countsCodePointsSoSupplementaryCharactersAreNeverCutInHalf() {
    String text = "𠀀𠀁𠀂𠀃𠀄";
    assertThat(SentenceSplitter.split(text, 2)).containsExactly("𠀀𠀁", "𠀂𠀃", "𠀄");
  }

  @Test
  void whitespaceOnlyPiecesAreDropped() {
    assertThat(SentenceSplitter.split("好。\n\n  \n再见。", 3)).containsExactly("好。", "再见。");
  }
}
