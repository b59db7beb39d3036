package io.dialect.tts.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import io.dialect.tts.worker.testing.FakeUpstream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import picocli.CommandLine;

/**
 * Bad input per item, through the whole local run with a ConfigMap-style JSONL source and Azure on
 * real HTTP: each bad item gets its reason in the manifest while the other items finish.
 */
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void eachBadItemEndsWithItsReasonAndTheOthersFinish() throws Exception {
    String xmlText = "5 < 6 & \"quotes\" 'single' </speak><speak>";
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    write(lines, "{\"id\":\"good-1\",\"text\":\"老铁们好\"}\n");
    write(lines, "{\"id\":\"empty\",\"text\":\"\"}\n");
    write(lines, "{\"id\":\"huge\",\"text\":\"" + "好".repeat(100_000) + "\"}\n");
    write(lines, "{\"id\":\"unknown-voice\",\"text\":\"你好\",\"voice\":\"klingon_voice\"}\n");
    write(lines, "{\"id\":\"bad-utf8\",\"text\":\"");
    lines.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3});
    write(lines, "\"}\n");
    write(lines, "{\"id\":\"good-1\",\"text\":\"重复的编号\"}\n");
    write(lines, "{\"id\":\"xml\",\"text\":" + JSON.writeValueAsString(xmlText) + "}\n");
    write(lines, "{\"id\":\"good-2\",\"text\":\"再见\"}\n");
    write(lines, "{\"id\":\"secret\",\"text\":\"我的密码是一二三\"}\n");
    Files.write(dir.resolve("lines.jsonl"), lines.toByteArray());
    Files.writeString(dir.resolve("job.yaml"), """
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: bad-input, namespace: team-a}
        spec:
          dialect: dongbei
          providers: [azure]
          source:
            configMapRef: {name: prompts, key: lines.jsonl}
          output:
            s3: {bucket: tts-out, prefix: bad/}
        """);

    try (var azure = new FakeUpstream(0)) {
      Files.writeString(dir.resolve("azure-key"), "azure-key-value");
      Files.writeString(dir.resolve("config.yaml"), """
          providers:
            - name: azure
              type: azure
              baseUrl: %s
              keys: {primary: {file: %s}}
          providerOrder: [azure]
          contentPolicy: {mode: reject, patterns: ["密码"]}
          """.formatted(azure.baseUrl(), dir.resolve("azure-key")));

      StringWriter output = new StringWriter();
      CommandLine cli = WorkerCli.commandLine();
      cli.setOut(new PrintWriter(output, true));
      cli.setErr(new PrintWriter(output, true));
      int exit = cli.execute("run", dir.resolve("job.yaml").toString(), "--out", dir.resolve("out").toString(),
          "--config", dir.resolve("config.yaml").toString(), "--no-progress", "--no-disk-cache");

      assertThat(exit).as("failed items over failurePolicy.maxFailedItems (0) make the run fail; output:%n%s", output)
          .isEqualTo(1);
      Map<String, JsonNode> manifest = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("out/manifest.jsonl"))) {
        JsonNode entry = JSON.readTree(line);
        manifest.put(entry.get("id").asText(), entry);
      }
      assertThat(manifest).hasSize(9);
      assertThat(manifest.get("good-1").get("status").asText()).isEqualTo("Succeeded");
      assertThat(manifest.get("good-2").get("status").asText()).isEqualTo("Succeeded");
      assertThat(manifest.get("xml").get("status").asText()).isEqualTo("Succeeded");
      assertThat(reason(manifest, "empty")).isEqualTo("EmptyText");
      assertThat(reason(manifest, "huge")).isEqualTo("TextTooLong");
      assertThat(reason(manifest, "unknown-voice")).isEqualTo("UnknownVoice");
      assertThat(reason(manifest, "bad-utf8")).isEqualTo("InvalidInput");
      assertThat(reason(manifest, "line-6")).as("the second use of id good-1").isEqualTo("DuplicateId");
      assertThat(manifest.get("secret").get("status").asText()).isEqualTo("Rejected");
      assertThat(manifest.get("secret").get("reason").asText()).isEqualTo("ContentPolicy");

      String ssml = azure.bodies().stream().filter(body -> body.contains("quotes")).findFirst().orElseThrow();
      Document parsed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(ssml.getBytes(StandardCharsets.UTF_8)));
      assertThat(parsed.getDocumentElement().getTextContent()).as("the SSML carries the text, escaped")
          .contains(xmlText);
      assertThat(azure.calls()).as("only the three good items reach the upstream").isEqualTo(3);
    }
  }

  private static String reason(Map<String, JsonNode> manifest, String id) {
    JsonNode entry = manifest.get(id);
    assertThat(entry).as("manifest line for %s", id).isNotNull();
    assertThat(entry.get("status").asText()).as("status of %s", id).isEqualTo("Failed");
    return entry.get("reason").asText();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
