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

class CsvSourceTest {
  @TempDir
  Path dir;

  @Test
  void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() throws IOException {
    Path file = write("""
        text,id,speed
        "你好, 世界",a,1.2
        "他说 \"\"走吧\"\"\",b,
        "第一行
        第二行",c,0.5
        plain,d,
        """);

    List<SourceEntry> entries = read(file);

    assertThat(entries).containsExactly(
        new SourceEntry.Item(0, 2, new SourceItem("a", "你好, 世界", null, null, 1.2, null)),
        new SourceEntry.Item(1, 3, new SourceItem("b", "他说 \"走吧\"")),
        new SourceEntry.Item(2, 4, new SourceItem("c", "第一行\n第二行", null, null, 0.5, null)),
        new SourceEntry.Item(3, 6, new SourceItem("d", "plain")));
  }

  @Test
  void aRecordWithBadUtf8OrTheWrongFieldCountIsAProblemAndTheRestGoOn() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("id,text\na,一\nbad,".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xFF, 'x'});
    bytes.writeBytes("\nc,三,extra\nd,四\n".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("items.csv");
    Files.write(file, bytes.toByteArray());

    List<SourceEntry> entries = read(file);

    assertThat(entries).extracting(SourceEntry::id).containsExactly("a", "bad", "c", "d");
    assertThat(entries.get(1)).isEqualTo(new SourceEntry.Problem(1, 3, "bad", ProblemReason.InvalidInput,
        "the record at line 3 is not valid UTF-8"));
    assertThat(entries.get(2)).isInstanceOfSatisfying(SourceEntry.Problem.class,
        problem -> assertThat(problem.message()).contains("3 fields").contains("header names 2"));
    assertThat(entries.get(3)).isEqualTo(new SourceEntry.Item(3, 5, new SourceItem("d", "四")));
  }

  @Test
  void aHeaderWithoutIdAndTextOrWithAnUnknownColumnMakesTheSourceInvalid() throws IOException {
    Path noId = write("text,speed\nx,1\n");
    Path unknown = Files.writeString(dir.resolve("unknown.csv"), "id,text,pitch\na,x,3\n");

    assertThatThrownBy(() -> read(noId)).isInstanceOf(InvalidSourceException.class).hasMessageContaining("id and text");
    assertThatThrownBy(() -> read(unknown)).isInstanceOf(InvalidSourceException.class).hasMessageContaining("pitch");
  }

  @Test
  void anUnterminatedQuoteSpoilsOnlyTheLastRecord() throws IOException {
    Path file = write("id,text\na,ok\nb,\"never closed\nstill open\n");

    List<SourceEntry> entries = read(file);

    assertThat(entries).hasSize(2);
    assertThat(entries.get(1)).isInstanceOf(SourceEntry.Problem.class);
  }

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("items.csv"), content);
  }

  private static List<SourceEntry> read(Path file) {
    try (Stream<SourceEntry> entries = new FileItemSource(file, SourceFormat.CSV).open()) {
      return entries.toList();
    }
  }
}
