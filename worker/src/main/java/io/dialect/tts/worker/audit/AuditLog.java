package io.dialect.tts.worker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dialect.tts.worker.output.ManifestEntry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One JSON line per finished item, for whoever collects the pod's stdout. It names what was
 * synthesized for whom and how, never the text and never a key.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private final PrintStream out;
  private final Clock clock;
  private final String namespace;
  private final String job;

  public AuditLog(PrintStream out, Clock clock, String namespace, String job) {
    this.out = out;
    this.clock = clock;
    this.namespace = namespace;
    this.job = job;
  }

  public void record(String dialect, String voice, ManifestEntry entry) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("requestId", UUID.randomUUID().toString());
    line.put("namespace", namespace);
    line.put("job", job);
    line.put("item", entry.id());
    line.put("dialect", dialect);
    line.put("voice", voice);
    line.put("characters", entry.characters());
    line.put("billedCharacters", entry.billedCharacters());
    line.put("provider", entry.provider());
    line.put("cacheTier", entry.cacheTier());
    line.put("status", entry.status().name());
    line.put("reason", entry.reason());
    line.put("degraded", entry.degraded());
    line.put("durationMs", entry.durationMs());
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
