package io.dialect.tts.bench;

import io.dialect.tts.api.v1alpha1.ConfigMapSource;
import io.dialect.tts.api.v1alpha1.SourceFormat;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSSource;
import io.dialect.tts.worker.source.ItemSources;
import io.dialect.tts.worker.source.Shard;
import io.dialect.tts.worker.source.SourceEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A generated JSONL source of valid Dongbei items, read as a job's configMapRef source is. */
public final class LargeSource {
  private static final String SENTENCE = "老铁们好，今天咱们唠唠东北话里最常用的几句话，保证一听就会，一学就灵，不会也能装会。";
  private static final String KEY = "items.jsonl";

  private final Path dir;
  private final TTSJobSpec spec;

  private LargeSource(Path dir) {
    this.dir = dir;
    ConfigMapSource configMap = new ConfigMapSource();
    configMap.setName("bench-items");
    configMap.setKey(KEY);
    configMap.setFormat(SourceFormat.JSONL);
    TTSSource source = new TTSSource();
    source.setConfigMapRef(configMap);
    spec = new TTSJobSpec();
    spec.setDialect("dongbei");
    spec.setSource(source);
  }

  /** Writes {@code lines} items to a new file in {@code dir}. */
  static LargeSource write(Path dir, int lines) throws IOException {
    writeLines(dir.resolve(KEY), lines, "");
    return new LargeSource(dir);
  }

  /** Writes {@code lines} valid JSONL items to {@code file}; {@code tag} starts every text (unique texts per tag). */
  public static void writeLines(Path file, int lines, String tag) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        out.write("{\"id\":\"item-" + i + "\",\"text\":\"" + tag + "第" + i + "句：" + SENTENCE + "\"}\n");
      }
    }
  }

  long bytes() throws IOException {
    return Files.size(dir.resolve(KEY));
  }

  /** One validated pass over the whole source (every shard makes one); counts the valid items. */
  long validate(Consumer<SourceEntry> each) {
    long items = 0;
    try (Stream<SourceEntry> entries = ItemSources.open(ItemSources.forJob(spec, dir, s3 -> null), Shard.WHOLE)) {
      var it = entries.iterator();
      while (it.hasNext()) {
        SourceEntry entry = it.next();
        each.accept(entry);
        if (entry instanceof SourceEntry.Item) {
          items++;
        }
      }
    }
    return items;
  }
}
