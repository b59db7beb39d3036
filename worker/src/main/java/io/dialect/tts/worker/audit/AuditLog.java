package io.dialect.tts.worker.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One JSON line per synthesis, for whoever collects the engine's output (the gateway's stdout, the local
 * run's audit.jsonl). It names what was synthesized for whom and how, never the text and never a key.
 */
public final class AuditLog {
  private static final ObjectWriter LINE = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
      .writerFor(Line.class);

  private final PrintStream out;
  private final Clock clock;

  public AuditLog(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** One audit line, in the order its fields are written. */
  @JsonPropertyOrder({"time", "requestId", "namespace", "job", "item", "dialect", "voice", "characters",
      "billedCharacters", "provider", "cacheTier", "status", "reason", "degraded", "durationMs"})
  record Line(String time, String requestId, String namespace, String job, String item, String dialect, String voice,
      long characters, long billedCharacters, String provider, String cacheTier, String status, String reason,
      boolean degraded, long durationMs) {
  }

  /** @param job the TTSJob's name, or who called for an interactive synthesis */
  public void record(String namespace, String job, String itemId, long characters, SynthesisOutcome outcome,
      long durationMs) {
    Line line = switch (outcome) {
      case Synthesized s -> new Line(clock.instant().toString(), requestId(), namespace, job, itemId, s.dialect(),
          s.voice(), characters, s.billedCharacters(), s.provider(), s.cacheTier(), ItemStatus.Succeeded.name(),
          s.reason(), s.degraded(), durationMs);
      case NotSynthesized n -> new Line(clock.instant().toString(), requestId(), namespace, job, itemId, n.dialect(),
          n.voice(), characters, n.billedCharacters(), null, ManifestEntry.NO_CACHE, n.status().name(), n.reason(),
          false, durationMs);
    };
    try {
      String json = LINE.writeValueAsString(line);
      synchronized (out) {
        out.println(json);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit line not serializable", e);
    }
  }

  /**
   * A random (version 4) UUID from a per-thread generator: the id only tells lines apart, and
   * {@link UUID#randomUUID()} draws from the one shared SecureRandom for every item.
   */
  private static String requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
