package io.dialect.tts.worker.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EarlierResultsTest {
  @Test
  void keepsTheSucceededEntriesAndSkipsFailuresAndATornLastLine() throws Exception {
    String manifest = """
        {"id":"a","status":"Succeeded","reason":null,"uri":"pvc://audio/a.mp3","bytes":10,"durationMs":120,"characters":4,"billedCharacters":4,"provider":"xiangyinge","cacheTier":"none","degraded":false}
        {"id":"b","status":"Failed","reason":"UpstreamError","uri":null,"bytes":0,"durationMs":30,"characters":2,"billedCharacters":0,"provider":null,"cacheTier":"none","degraded":false}
        {"id":"c","status":"Succ""";

    EarlierResults earlier = EarlierResults.read(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)));

    assertThat(earlier.size()).isEqualTo(1);
    assertThat(earlier.of("a")).hasValueSatisfying(entry -> {
      assertThat(entry.provider()).isEqualTo("xiangyinge");
      assertThat(entry.billedCharacters()).isEqualTo(4);
      assertThat(entry.fromCache()).isFalse();
    });
    assertThat(earlier.of("b")).as("failed items are tried again").isEmpty();
    assertThat(earlier.of("c")).isEmpty();
  }
}
