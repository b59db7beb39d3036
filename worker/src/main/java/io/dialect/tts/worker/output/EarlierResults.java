package io.dialect.tts.worker.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The succeeded items an earlier attempt of the same shard recorded in its manifest: who produced each
 * item, what it was billed, whether it came from a cache or the fallback. A restarted shard finds the
 * audio already written and reports the item as that attempt did, instead of as a free cache hit. Only
 * succeeded entries are kept (others are tried again); a torn last line (a crash mid-write) is skipped.
 */
public final class EarlierResults {
  public static final EarlierResults NONE = new EarlierResults(Map.of());
  private static final ObjectReader JSON = new ObjectMapper().readerFor(ManifestEntry.class);

  private final Map<String, ManifestEntry> succeeded;

  private EarlierResults(Map<String, ManifestEntry> succeeded) {
    this.succeeded = succeeded;
  }

  /** Reads manifest lines (JSON Lines, {@link ManifestEntry}); the stream is closed. */
  public static EarlierResults read(InputStream manifest) throws IOException {
    Map<String, ManifestEntry> succeeded = new HashMap<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(manifest, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        ManifestEntry entry;
        try {
          entry = JSON.readValue(line);
        } catch (IOException e) {
          continue;
        }
        if (entry.status() == ItemStatus.Succeeded) {
          succeeded.put(entry.id(), entry);
        }
      }
    }
    return new EarlierResults(succeeded);
  }

  /** What the earlier attempt recorded for the item, if it succeeded then. */
  public Optional<ManifestEntry> of(String itemId) {
    return Optional.ofNullable(succeeded.get(itemId));
  }

  public int size() {
    return succeeded.size();
  }
}
