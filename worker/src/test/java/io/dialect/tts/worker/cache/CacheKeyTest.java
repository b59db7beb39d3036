package io.dialect.tts.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static final SynthesisRequest BASE =
      new SynthesisRequest("老铁们好，欢迎光临", "dongbei", "dongbei_laotie", 1.0, "neutral", AudioFormat.MP3);

  @Test
  void keyIsSha256HexInTheGivenScope() {
    CacheKey key = CacheKey.of("team-a", BASE);

    assertThat(key.scope()).isEqualTo("team-a");
    assertThat(key.hash()).as("lowercase hex SHA-256").matches("[0-9a-f]{64}");
  }

  @Test
  void sameRequestGivesSameKeyEveryTime() {
    assertThat(CacheKey.of("team-a", BASE)).isEqualTo(CacheKey.of("team-a", with(r -> r)));
  }

  @Test
  void unicodeCompositionDoesNotChangeTheKey() {
    SynthesisRequest composed = withText("caf\u00e9");
    SynthesisRequest decomposed = withText("cafe\u0301");

    assertThat(CacheKey.of("team-a", decomposed)).as("NFD and NFC spellings of the same text")
        .isEqualTo(CacheKey.of("team-a", composed));
  }

  @Test
  void whitespaceRunsAreFoldedAndTrimmed() {
    SynthesisRequest plain = withText("老铁 们好 欢迎");
    SynthesisRequest messy = withText("  老铁\t\t们好\n\u3000欢迎 \r\n");

    assertThat(CacheKey.of("team-a", messy)).as("tabs, newlines, ideographic spaces and padding")
        .isEqualTo(CacheKey.of("team-a", plain));
  }

  @Test
  void speedWrittenAsIntegerOrDecimalGivesSameKey() {
    assertThat(CacheKey.canonicalSpeed(1)).isEqualTo(CacheKey.canonicalSpeed(1.0)).isEqualTo("1");
    assertThat(CacheKey.canonicalSpeed(0.5)).isEqualTo("0.5");
    assertThat(CacheKey.canonicalSpeed(1.25)).isEqualTo("1.25");
    assertThat(CacheKey.of("team-a", withSpeed(1))).isEqualTo(CacheKey.of("team-a", withSpeed(1.0)));
  }

  @Test
  void everyFieldOfTheRequestChangesTheKey() {
    List<SynthesisRequest> variants = List.of(
        withText("老铁们好，欢迎光临!"),
        with(r -> new SynthesisRequest(r.text(), "sichuan", r.voice(), r.speed(), r.emotion(), r.format())),
        with(r -> new SynthesisRequest(r.text(), r.dialect(), "dongbei_dajie", r.speed(), r.emotion(), r.format())),
        withSpeed(1.1),
        with(r -> new SynthesisRequest(r.text(), r.dialect(), r.voice(), r.speed(), "happy", r.format())),
        with(r -> new SynthesisRequest(r.text(), r.dialect(), r.voice(), r.speed(), r.emotion(), AudioFormat.WAV)));

    List<CacheKey> keys = variants.stream().map(v -> CacheKey.of("team-a", v)).toList();

    assertThat(keys).as("one distinct key per changed field").doesNotHaveDuplicates()
        .doesNotContain(CacheKey.of("team-a", BASE));
  }

  @Test
  void fieldsCannotRunIntoEachOther() {
    SynthesisRequest a = new SynthesisRequest("ab", "c", "v", 1, "neutral", AudioFormat.MP3);
    SynthesisRequest b = new SynthesisRequest("a", "bc", "v", 1, "neutral", AudioFormat.MP3);

    assertThat(CacheKey.of("team-a", a)).as("text|dialect split differently")
        .isNotEqualTo(CacheKey.of("team-a", b));
  }

  @Test
  void scopeChangesTheKey() {
    CacheKey teamA = CacheKey.of("team-a", BASE);
    CacheKey teamB = CacheKey.of("team-b", BASE);
    CacheKey cluster = CacheKey.of(RedisKeys.CLUSTER_SCOPE, BASE);

    assertThat(List.of(teamA.hash(), teamB.hash(), cluster.hash()))
        .as("the hash itself differs per scope, not only the scope field").doesNotHaveDuplicates();
  }

  @Test
  void scopeMustBeANamespaceNameOrTheClusterScope() {
    assertThatThrownBy(() -> CacheKey.of("../etc", BASE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache scope");
    assertThatThrownBy(() -> new CacheKey("team-a", "not-hex")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyCarriesNoRequestText() {
    assertThat(CacheKey.of("team-a", BASE).toString()).doesNotContain("老铁");
  }

  private static SynthesisRequest with(UnaryOperator<SynthesisRequest> change) {
    return change.apply(BASE);
  }

  private static SynthesisRequest withText(String text) {
    return with(r -> new SynthesisRequest(text, r.dialect(), r.voice(), r.speed(), r.emotion(), r.format()));
  }

  private static SynthesisRequest withSpeed(double speed) {
    return with(r -> new SynthesisRequest(r.text(), r.dialect(), r.voice(), speed, r.emotion(), r.format()));
  }
}
