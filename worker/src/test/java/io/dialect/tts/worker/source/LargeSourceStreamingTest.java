package io.dialect.tts.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources are read line by line: their size is bounded by the disk, not by the heap. */
class LargeSourceStreamingTest {
  private static final int LINES = 1_000_000;
  private static final String SENTENCE = "老铁们好，今天咱们唠唠东北话里最常用的几句话，保证一听就会，一学就灵，不会也能装会。";

  @TempDir
  Path dir;

  @Test
  void aMillionLineSourceIsValidatedWithTheHeapHoldingFarLessThanTheFile() throws IOException {
    Path file = dir.resolve("million.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < LINES; i++) {
        out.write("{\"id\":\"item-" + i + "\",\"text\":\"第" + i + "句：" + SENTENCE + "\"}\n");
      }
    }
    long fileSize = Files.size(file);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long baseline = retainedHeap(memory);
    AtomicLong items = new AtomicLong();
    AtomicLong peakGrowth = new AtomicLong();

    ItemSource source = new ValidatedItemSource(new FileItemSource(file, SourceFormat.JSONL));
    try (Stream<SourceEntry> entries = source.open()) {
      // The consumer keeps nothing but a count; every 100k entries it measures what the source retains.
      entries.forEach(entry -> {
        if (entry instanceof SourceEntry.Item && items.incrementAndGet() % 100_000 == 0) {
          peakGrowth.accumulateAndGet(retainedHeap(memory) - baseline, Math::max);
        }
      });
    }

    assertThat(items.get()).as("every line is a valid item").isEqualTo(LINES);
    assertThat(fileSize).as("the file is big enough for the comparison to mean something").isGreaterThan(150_000_000L);
    assertThat(peakGrowth.get())
        .as("heap retained while streaming (the id fingerprints, ~16 MiB, and buffers) vs a %d-byte file", fileSize)
        .isLessThan(fileSize / 4);
  }

  @Test
  void theFirstEntryIsDeliveredBeforeTheRestOfTheSourceExists() throws IOException {
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream reader = new PipedInputStream(writer, 1 << 16);
    writer.write("{\"id\":\"first\",\"text\":\"一\"}\n".getBytes(StandardCharsets.UTF_8));

    try (Stream<SourceEntry> entries = EntryReader.stream(reader, SourceFormat.JSONL).map(new ItemValidator()::validate)) {
      Iterator<SourceEntry> iterator = entries.iterator();

      assertThat(iterator.next().id()).as("read while the writer has not finished").isEqualTo("first");
      writer.write("{\"id\":\"second\",\"text\":\"二\"}\n".getBytes(StandardCharsets.UTF_8));
      writer.close();
      assertThat(iterator.next().id()).isEqualTo("second");
      assertThat(iterator.hasNext()).isFalse();
    }
  }

  private static long retainedHeap(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
