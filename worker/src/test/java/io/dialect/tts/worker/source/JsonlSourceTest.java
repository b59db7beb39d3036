package io.dialect.tts.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSourceTest {
  @TempDir
  Path dir;

  @Test
  void readsItemsWithOptionalFieldsInSourceOrderSkippingBlankLines() throws IOException {
    Path file = write("""
        {"id":"a","text":"老铁们好"}

        {"id":"b","text":"食咗飯未","dialect":"cantonese","voice":"v1","speed":1.5,"emotion":"cheerful"}
        """);

    List<SourceEntry> entries = read(file);

    assertThat(entries).containsExactly(
        new SourceEntry.Item(0, 1, new SourceItem("a", "老铁们好")),
        new SourceEntry.Item(1, 3, new SourceItem("b", "食咗飯未", "cantonese", "v1", 1.5, "cheerful")));
  }

  @Test
  void aLineOfInvalidUtf8BecomesOneProblemNamingTheLineWhileTheOtherLinesGoOn() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("{\"id\":\"a\",\"text\":\"一\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("{\"id\":\"broken\",\"text\":\"".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xE4, (byte) 0xB8}); // a truncated 3-byte sequence
    bytes.writeBytes("\"}\n{\"id\":\"c\",\"text\":\"三\"}\n".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("items.jsonl");
    Files.write(file, bytes.toByteArray());

    List<SourceEntry> entries = read(file);

    assertThat(entries).hasSize(3);
    assertThat(entries.get(0)).isInstanceOf(SourceEntry.Item.class);
    assertThat(entries.get(1)).as("the bad line is reported under the id recovered from it")
        .isEqualTo(new SourceEntry.Problem(1, 2, "broken", ProblemReason.InvalidInput, "line 2 is not valid UTF-8"));
    assertThat(entries.get(2)).isEqualTo(new SourceEntry.Item(2, 3, new SourceItem("c", "三")));
  }

  @Test
  void malformedJsonAndWrongFieldTypesAreProblemsOfTheirLineOnly() throws IOException {
    Path file = write("""
        {"id":"a","text":
        [1,2]
        {"id":"b","text":"x","speed":"fast"}
        {"id":"c","text":"x"} {"id":"d"}
        {"id":"e","text":"ok"}
        """);

    List<SourceEntry> entries = read(file);

    assertThat(entries).extracting(SourceEntry::id).containsExactly("line-1", "line-2", "b", "line-4", "e");
    assertThat(entries.subList(0, 4)).allSatisfy(entry -> assertThat(entry)
        .isInstanceOfSatisfying(SourceEntry.Problem.class,
            problem -> assertThat(problem.reason()).isEqualTo(ProblemReason.InvalidInput)));
    assertThat(((SourceEntry.Problem) entries.get(2)).message()).contains("speed").contains("number");
    assertThat(entries.get(4)).isInstanceOf(SourceEntry.Item.class);
  }

  @Test
  void aByteOrderMarkAndCrlfLineEndsAreTolerated() throws IOException {
    Path file = dir.resolve("bom.jsonl");
    Files.write(file, "\uFEFF{\"id\":\"a\",\"text\":\"x\"}\r\n{\"id\":\"b\",\"text\":\"y\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(read(file)).extracting(SourceEntry::id).containsExactly("a", "b");
  }

  @Test
  void aMissingFileIsAnInvalidSourceNotAnEmptyOne() {
    FileItemSource source = new FileItemSource(dir.resolve("absent.jsonl"), SourceFormat.JSONL);

    assertThatThrownBy(source::open).isInstanceOf(InvalidSourceException.class).hasMessageContaining("absent.jsonl");
  }

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("items.jsonl"), content);
  }

  private static List<SourceEntry> read(Path file) {
    try (Stream<SourceEntry> entries = new FileItemSource(file, SourceFormat.JSONL).open()) {
      return entries.toList();
    }
  }
}
