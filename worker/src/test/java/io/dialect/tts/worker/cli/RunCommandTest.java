package io.dialect.tts.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's first command: the local run of the example job, with real espeak-ng. */
class RunCommandTest {
  private static final Path EXAMPLE = Path.of("../examples/local/hello-dialects.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path out;

  @Test
  void localRunRendersEveryItemOfTheExampleAsDecodableAudioAndWritesTheManifest() throws Exception {
    Run run = run("run", EXAMPLE.toString(), "--out", out.toString(), "--no-progress", "--no-disk-cache");

    assertThat(run.exit).as("exit code; output:%n%s", run.output).isZero();
    List<JsonNode> manifest = manifest();
    assertThat(manifest).hasSize(6);
    for (JsonNode line : manifest) {
      assertThat(line.get("status").asText()).as("status of %s", line.get("id")).isEqualTo("Succeeded");
      assertThat(line.get("provider").asText()).isEqualTo("espeak");
      assertThat(line.get("degraded").asBoolean()).as("espeak is this job's own provider, not a stand-in").isFalse();
      Path audio = out.resolve(line.get("id").asText() + ".wav");
      assertThat(durationSeconds(audio)).as("decoded duration of %s", audio).isGreaterThan(0.3);
    }
    assertThat(run.output).contains("Items:      6 (6 succeeded, 0 failed)").contains("Providers:  {espeak=6}");
    assertThat(Files.readAllLines(out.resolve("audit.jsonl"))).hasSize(6)
        .allSatisfy(line -> assertThat(line).contains("\"namespace\":\"default\"").contains("\"job\":\"hello-dialects\""));
  }

  @Test
  void aRerunSkipsItemsWhoseAudioIsAlreadyWrittenReportsThemAsRecordedAndBillsNothing() throws Exception {
    assertThat(run("run", EXAMPLE.toString(), "--out", out.toString(), "--no-progress", "--no-disk-cache").exit)
        .isZero();
    Files.delete(out.resolve("hakka-greeting.wav"));

    Run rerun = run("run", EXAMPLE.toString(), "--out", out.toString(), "--no-progress", "--no-disk-cache");

    assertThat(rerun.exit).isZero();
    List<JsonNode> manifest = manifest();
    assertThat(manifest).hasSize(6);
    assertThat(manifest).as("the first run's records: made by espeak, not from a cache")
        .allSatisfy(line -> {
          assertThat(line.get("provider").asText()).isEqualTo("espeak");
          assertThat(line.get("cacheTier").asText()).isEqualTo("none");
        });
    assertThat(rerun.output).contains("Cached:     0");
    JsonNode remade = manifest.stream().filter(line -> line.get("id").asText().equals("hakka-greeting"))
        .findFirst().orElseThrow();
    assertThat(remade.get("cacheTier").asText()).as("the deleted file is made again (the memory cache is new)")
        .isEqualTo("none");
    assertThat(Files.exists(out.resolve("hakka-greeting.wav"))).isTrue();
  }

  @Test
  void aManifestThatIsNotATtsJobIsAClearError() throws Exception {
    Path notAJob = out.resolve("quota.yaml");
    Files.writeString(notAJob, "apiVersion: tts.dialect.io/v1alpha1\nkind: TTSQuota\nmetadata: {name: q}\nspec: {}\n");

    Run run = run("run", notAJob.toString(), "--out", out.resolve("o").toString(), "--no-progress");

    assertThat(run.exit).isNotZero();
    assertThat(run.output).contains("is not a TTSJob");
  }

  private List<JsonNode> manifest() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("manifest.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  static double durationSeconds(Path audio) throws IOException, InterruptedException {
    Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration",
        "-of", "default=noprint_wrappers=1:nokey=1", audio.toString()).redirectErrorStream(true).start();
    String printed = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(ffprobe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ffprobe.exitValue()).as("ffprobe on %s said: %s", audio, printed).isZero();
    return Double.parseDouble(printed);
  }

  private record Run(int exit, String output) {
  }

  private static Run run(String... args) {
    StringWriter text = new StringWriter();
    CommandLine cli = WorkerCli.commandLine();
    cli.setOut(new PrintWriter(text, true));
    cli.setErr(new PrintWriter(text, true));
    int exit = cli.execute(args);
    return new Run(exit, text.toString());
  }
}
