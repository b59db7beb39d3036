package io.dialect.tts.worker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One JSON line per synthesis, for whoever collects the engine's output (the gateway's stdout, the local
 * run's audit.jsonl). It names what was synthesized for whom and how, never the text and never a key.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private final PrintStream out;
  private final Clock clock;

  public AuditLog(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** @param job the TTSJob's name, or who called for an interactive synthesis */
  public void record(String namespace, String job, String itemId, long characters, SynthesisOutcome outcome,
      long durationMs) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("requestId", UUID.randomUUID().toString());
    line.put("namespace", namespace);
    line.put("job", job);
    line.put("item", itemId);
    line.put("dialect", outcome.dialect());
    line.put("voice", outcome.voice());
    line.put("characters", characters);
    line.put("billedCharacters", outcome.billedCharacters());
    switch (outcome) {
      case Synthesized s -> {
        line.put("provider", s.provider());
        line.put("cacheTier", s.cacheTier());
        line.put("status", ItemStatus.Succeeded.name());
        line.put("reason", s.reason());
        line.put("degraded", s.degraded());
      }
      case NotSynthesized n -> {
        line.put("provider", null);
        line.put("cacheTier", ManifestEntry.NO_CACHE);
        line.put("status", n.status().name());
        line.put("reason", n.reason());
        line.put("degraded", false);
      }
    }
    line.put("durationMs", durationMs);
    try {
      String json = JSON.writeValueAsString(line);
      synchronized (out) {
        out.println(json);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit line not serializable", e);
    }
  }
}
