package io.dialect.tts.worker.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * One line of manifest.jsonl, exactly these eleven fields (null where they do not apply).
 *
 * @param reason           why the item did not succeed (e.g. EmptyText, ContentPolicy, UpstreamError); null on success
 * @param uri              where the audio is; null when there is none
 * @param bytes            size of the audio file
 * @param durationMs       wall time the attempt that made the item spent on it (0 for found audio of unknown maker)
 * @param characters       characters of the text (code points)
 * @param billedCharacters characters a provider billed for the item (in the attempt that made it); 0 for a cache
 *                         hit or an existing output whose maker is unknown
 * @param provider         the provider that produced the audio; null when none did (cache hit, maker unknown)
 * @param cacheTier        {@value #NO_CACHE} on a miss, else the tier that served the audio
 *                         ({@value #OUTPUT_TIER} for audio found in the output whose maker is unknown)
 * @param degraded         produced by a fallback engine rather than the requested provider
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "status", "reason", "uri", "bytes", "durationMs", "characters", "billedCharacters",
    "provider", "cacheTier", "degraded"})
public record ManifestEntry(String id, ItemStatus status, String reason, String uri, long bytes, long durationMs,
    long characters, long billedCharacters, String provider, String cacheTier, boolean degraded) {

  public static final String NO_CACHE = "none";
  public static final String OUTPUT_TIER = "output";

  public ManifestEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(cacheTier, "cacheTier");
  }

  /**
   * An item a rerun skipped because its audio is already in the output but no earlier result says who
   * made it (a crash between writing the audio and recording it): nothing billed again, no provider.
   */
  public static ManifestEntry alreadyWritten(String id, String uri, long bytes, long characters) {
    return new ManifestEntry(id, ItemStatus.Succeeded, null, uri, bytes, 0, characters, 0, null, OUTPUT_TIER, false);
  }

  /** This entry, recorded by an earlier attempt, for the audio as it is now in the output. */
  public ManifestEntry foundAt(String currentUri, long currentBytes) {
    return new ManifestEntry(id, status, reason, currentUri, currentBytes, durationMs, characters, billedCharacters,
        provider, cacheTier, degraded);
  }

  /** Served by a cache tier (not synthesized, not found in the output). */
  public boolean fromCache() {
    return status == ItemStatus.Succeeded && !NO_CACHE.equals(cacheTier) && !OUTPUT_TIER.equals(cacheTier);
  }

  /** An item that ended without audio (Failed, Rejected or QuotaExceeded). */
  public static ManifestEntry withoutAudio(String id, ItemStatus status, String reason, long durationMs,
      long characters) {
    if (status == ItemStatus.Succeeded) {
      throw new IllegalArgumentException("a succeeded item has audio");
    }
    return new ManifestEntry(id, status, Objects.requireNonNull(reason, "reason"), null, 0, durationMs, characters, 0,
        null, NO_CACHE, false);
  }
}
