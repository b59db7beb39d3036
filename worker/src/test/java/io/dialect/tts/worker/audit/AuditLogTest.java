package io.dialect.tts.worker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.synthesis.Audio;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final AuditLog audit = new AuditLog(new PrintStream(written, true, StandardCharsets.UTF_8),
      Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));

  @Test
  void oneLinePerSynthesisNamesWhoWhatAndHowInAFixedOrder() throws Exception {
    audit.record("team-a", "welcome", "line-1", 6, new Synthesized(new Audio(new byte[] {1}, AudioFormat.MP3),
        "xiangyinge", false, 6, "none", null, "dongbei", "dongbei-female"), 120);
    audit.record("team-a", "welcome", "line-2", 4, new NotSynthesized(ItemStatus.Rejected, "ContentPolicy", "blocked",
        0, "dongbei", "dongbei-female"), 1);

    List<JsonNode> lines = new ArrayList<>();
    for (String line : written.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertThat(lines).hasSize(2);
    List<String> fields = new ArrayList<>();
    lines.get(0).fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("time", "requestId", "namespace", "job", "item", "dialect", "voice", "characters",
        "billedCharacters", "provider", "cacheTier", "status", "reason", "degraded", "durationMs");
    assertThat(lines.get(0).get("provider").asText()).isEqualTo("xiangyinge");
    assertThat(lines.get(0).get("status").asText()).isEqualTo("Succeeded");
    assertThat(lines.get(0).get("time").asText()).isEqualTo("2026-12-01T08:00:00Z");
    assertThat(lines.get(1).get("status").asText()).isEqualTo("Rejected");
    assertThat(lines.get(1).get("provider").isNull()).isTrue();
    UUID first = UUID.fromString(lines.get(0).get("requestId").asText());
    assertThat(first.version()).isEqualTo(4);
    assertThat(first.variant()).isEqualTo(2);
    assertThat(lines.get(1).get("requestId").asText()).isNotEqualTo(first.toString());
  }
}
