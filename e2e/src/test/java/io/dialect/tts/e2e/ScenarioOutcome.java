package io.dialect.tts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialect.tts.testing.SimulatedVendor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a fault left behind in a job's output, as its consumer and its payer see it: which valid items have
 * audio and a Succeeded manifest line (the rest are lost), files that are not audio, and what the vendor
 * billed for the job's texts against the characters of the unique texts whose audio is the vendor's.
 *
 * @param expected            the valid items of the job
 * @param lost                ids of valid items without both real audio and a Succeeded manifest line
 * @param degraded            valid items served by the fallback engine (marked degraded in the manifest)
 * @param servedByOthers      valid items another provider than the vendor served (espeak: degraded, or in the
 *                            provider order for a dialect it speaks)
 * @param notAudio            output files that do not start as audio does (error bodies stored as audio)
 * @param ffprobeFailures     sampled audio files ffprobe cannot read
 * @param partialFiles        hidden temporary files a killed writer left ({@code .NAME.part}): never read as outputs
 * @param vendorBilled        characters the vendor billed for the job's texts
 * @param vendorAudioCharacters characters of the unique texts whose audio is the vendor's: succeeded and not
 *                            served by another provider (served by the vendor, or by a cache or earlier output)
 * @param textsBilledTwice    texts the vendor billed more than once, with their bill counts
 * @param vendorTextsNotBilledOnce texts whose manifest line names the vendor but that it did not bill exactly once
 * @param manifest            the manifest's lines by id
 */
record ScenarioOutcome(int expected, Set<String> lost, int degraded, int servedByOthers, List<Path> notAudio,
    List<String> ffprobeFailures, int partialFiles, long vendorBilled, long vendorAudioCharacters,
    Map<String, Long> textsBilledTwice, Map<String, Long> vendorTextsNotBilledOnce, Map<String, JsonNode> manifest) {
  static final String VENDOR = "xiangyinge";

  /** How many audio files are checked with ffprobe as well (slow: a process each). */
  private static final int FFPROBE_SAMPLE = 3;

  /**
   * @param dir        the job's output directory on the team's claim
   * @param validItems the valid items' ids and texts
   * @param textPrefix the prefix every text of the job starts with (and no other scenario's does)
   */
  static ScenarioOutcome measure(Team team, SimulatedVendor vendor, String dir, Map<String, String> validItems,
      String textPrefix) throws IOException, InterruptedException {
    Path out = team.claim().resolve(dir);
    Map<String, JsonNode> manifest = new HashMap<>();
    for (JsonNode line : team.manifest(dir)) {
      manifest.put(line.get("id").asText(), line);
    }
    List<Path> notAudio = new ArrayList<>();
    List<Path> audio = new ArrayList<>();
    int partial = 0;
    try (Stream<Path> files = Files.list(out)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("manifest") && name.endsWith(".jsonl")) {
          continue; // the job's manifest and its shards' parts
        }
        if (name.startsWith(".") && name.endsWith(".part")) {
          partial++;
        } else if (AudioFiles.looksLikeAudio(file)) {
          audio.add(file);
        } else {
          notAudio.add(file);
        }
      }
    }
    List<String> ffprobeFailures = new ArrayList<>();
    int step = Math.max(1, audio.size() / FFPROBE_SAMPLE);
    for (int i = 0; i < audio.size(); i += step) {
      String format = AudioFiles.ffprobeFormat(audio.get(i));
      if (!Set.of("mp3", "wav", "ogg").contains(format)) {
        ffprobeFailures.add(audio.get(i).getFileName() + ": " + format);
      }
    }

    Set<String> lost = new TreeSet<>();
    Set<String> vendorAudioTexts = new HashSet<>();
    Set<String> servedByVendor = new HashSet<>();
    int degraded = 0;
    int servedByOthers = 0;
    for (Map.Entry<String, String> item : validItems.entrySet()) {
      JsonNode line = manifest.get(item.getKey());
      Path file = line == null || line.get("uri").isNull() ? null
          : out.resolve(fileName(line.get("uri").asText()));
      boolean done = line != null && line.get("status").asText().equals("Succeeded") && file != null
          && audio.contains(file);
      String provider = line == null ? null : line.get("provider").textValue();
      if (!done) {
        lost.add(item.getKey());
      } else if (provider != null && !provider.equals(VENDOR)) {
        servedByOthers++;
        degraded += line.get("degraded").asBoolean() ? 1 : 0;
      } else {
        vendorAudioTexts.add(item.getValue());
        if (VENDOR.equals(provider)) {
          servedByVendor.add(item.getValue());
        }
      }
    }
    long vendorAudioCharacters = vendorAudioTexts.stream().mapToLong(t -> t.codePointCount(0, t.length())).sum();
    Map<String, Long> bills = vendor.billsPerText(t -> t.startsWith(textPrefix));
    Map<String, Long> billedTwice = new HashMap<>(bills);
    billedTwice.values().removeIf(count -> count < 2);
    Map<String, Long> notBilledOnce = new HashMap<>();
    servedByVendor.forEach(text -> {
      long count = bills.getOrDefault(text, 0L);
      if (count != 1) {
        notBilledOnce.put(text, count);
      }
    });
    return new ScenarioOutcome(validItems.size(), lost, degraded, servedByOthers, notAudio, ffprobeFailures, partial,
        vendor.billedCharacters(t -> t.startsWith(textPrefix)), vendorAudioCharacters, billedTwice, notBilledOnce,
        manifest);
  }

  private static String fileName(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  int done() {
    return expected - lost.size();
  }

  /** Error bodies stored as audio: files that are not audio, or that ffprobe cannot read. */
  int errorBodies() {
    return notAudio.size() + ffprobeFailures.size();
  }

  /** Vendor-billed characters over the unique vendor-served texts' characters; 1.0 = each paid exactly once. */
  double billedPerUniqueCharacter() {
    return vendorAudioCharacters == 0 ? Double.NaN : (double) vendorBilled / vendorAudioCharacters;
  }
}
