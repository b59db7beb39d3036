package io.dialect.tts.client.cli;

import static io.dialect.tts.client.ScriptedGateway.error;
import static io.dialect.tts.client.ScriptedGateway.mp3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.client.ScriptedGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code tts-client say}: its summary line, the audio file, and an exit code per kind of failure. */
class TtsClientCliTest {
  @TempDir
  Path dir;
  private Path tokenFile;
  private final ScriptedGateway gateway = new ScriptedGateway();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeToken() throws Exception {
    tokenFile = Files.writeString(dir.resolve("token"), "cli-token");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private int say(String... options) {
    List<String> args = new ArrayList<>(List.of("say", "--url", gateway.baseUrl().toString(), "--token-file", tokenFile.toString()));
    args.addAll(List.of(options));
    CommandLine cli = TtsClientCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args.toArray(String[]::new));
  }

  @Test
  void writesTheAudioAndPrintsOneSummaryLine() throws Exception {
    gateway.then(mp3());
    Path audio = dir.resolve("greeting.mp3");

    int exitCode = say("--text", "老铁们好", "--dialect", "dongbei", "--voice", "dongbei_laotie",
        "--format", "mp3", "--out", audio.toString());

    assertThat(exitCode).isEqualTo(TtsClientCli.EXIT_OK);
    assertThat(Files.readString(audio)).isEqualTo("ID3 mp3");
    assertThat(out.toString()).hasLineCount(1)
        .contains("bytes=7", "format=mp3", "provider=xiangyinge", "cacheTier=none", "billedCharacters=4");
    assertThat(err.toString()).isEmpty();
    var request = gateway.arrivals().get(0).request();
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer cli-token");
    assertThat(new ObjectMapper().readTree(request.getUtf8Body()).path("format").asText()).isEqualTo("mp3");
  }

  @ParameterizedTest
  @CsvSource({
      "422, Rejected, the text violates the content policy",
      "401, Unauthenticated, token has the wrong audience",
      "429, QuotaExceeded, daily characters used up"})
  void aRefusalTheCallerMustFixExitsWithTwoAndSaysWhy(int status, String code, String message) {
    gateway.then(error(status, code, message));

    int exitCode = say("--text", "你好", "--dialect", "mandarin");

    assertThat(exitCode).isEqualTo(TtsClientCli.EXIT_REFUSED);
    assertThat(err.toString()).startsWith("error: ").contains(code, message);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnavailableGatewayExitsWithOne() {
    gateway.then(error(503, "Unavailable", "draining"));

    int exitCode = say("--text", "你好", "--dialect", "mandarin");

    assertThat(exitCode).isEqualTo(TtsClientCli.EXIT_FAILED);
    assertThat(err.toString()).startsWith("error: ").contains("Unavailable", "draining");
  }
}
