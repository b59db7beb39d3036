package io.dialect.tts.worker.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIELDS = List.of("id", "status", "reason", "uri", "bytes", "durationMs",
      "characters", "billedCharacters", "provider", "cacheTier", "degraded");

  @TempDir
  Path dir;

  @Test
  void everyLineHasExactlyTheElevenManifestFieldsEvenWhereTheyAreEmpty() throws IOException {
    Path file = dir.resolve("manifest.jsonl");
    try (ManifestWriter writer = ManifestWriter.appendingTo(file)) {
      writer.append(new ManifestEntry("a", ItemStatus.Succeeded, null, "s3://b/ns/a.mp3", 1200, 350, 4, 4,
          "xiangyinge", ManifestEntry.NO_CACHE, false));
      writer.append(ManifestEntry.withoutAudio("b", ItemStatus.Rejected, "ContentPolicy", 1, 7));
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      List<String> names = new ArrayList<>();
      JSON.readTree(line).fieldNames().forEachRemaining(names::add);
      assertThat(names).as(line).containsExactlyElementsOf(FIELDS);
    }
    assertThat(JSON.readValue(lines.get(0), ManifestEntry.class)).as("a line reads back to its entry")
        .isEqualTo(new ManifestEntry("a", ItemStatus.Succeeded, null, "s3://b/ns/a.mp3", 1200, 350, 4, 4,
            "xiangyinge", "none", false));
    JsonNode rejected = JSON.readTree(lines.get(1));
    assertThat(rejected.get("status").asText()).isEqualTo("Rejected");
    assertThat(rejected.get("uri").isNull()).isTrue();
    assertThat(rejected.get("cacheTier").asText()).isEqualTo("none");
  }

  @Test
  void concurrentAppendsNeverInterleaveWithinALine() throws Exception {
    Path file = dir.resolve("manifest.jsonl");
    int threads = 8;
    int perThread = 2_000;
    try (ManifestWriter writer = ManifestWriter.appendingTo(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            writer.append(ManifestEntry.withoutAudio("t" + thread + "-" + i, ItemStatus.Failed, "UpstreamError", i, i));
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      pool.shutdown();
      assertThat(writer.lines()).isEqualTo((long) threads * perThread);
    }

    Set<String> ids = new HashSet<>();
    for (String line : Files.readAllLines(file)) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    assertThat(ids).as("every line parses and every item appears once").hasSize(threads * perThread);
  }

  @Test
  void aRerunStartsTheManifestAfreshRatherThanAppendingToTheOldOne() throws IOException {
    Path file = dir.resolve("manifest.jsonl");
    try (ManifestWriter first = ManifestWriter.appendingTo(file)) {
      first.append(ManifestEntry.withoutAudio("old", ItemStatus.Failed, "UpstreamError", 0, 1));
    }

    try (ManifestWriter rerun = ManifestWriter.appendingTo(file)) {
      rerun.append(ManifestEntry.alreadyWritten("new", "file:///x/new.mp3", 10, 1));
    }

    assertThat(Files.readAllLines(file)).singleElement().asString().contains("\"id\":\"new\"");
  }
}
