package io.dialect.tts.worker.source;

import io.dialect.tts.api.v1alpha1.TTSItem;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The items written into the TTSJob itself (spec.items, at most a hundred); line N is the N-th item. */
public final class InlineItemSource implements ItemSource {
  private final List<TTSItem> items;

  public InlineItemSource(List<TTSItem> items) {
    this.items = List.copyOf(items);
  }

  @Override
  public Stream<SourceEntry> open() {
    return IntStream.range(0, items.size()).mapToObj(index -> {
      TTSItem item = items.get(index);
      return new SourceEntry.Item(index, index + 1L, new SourceItem(item.getId(), item.getText(),
          item.getDialect(), item.getVoice(), item.getSpeed(), item.getEmotion()));
    });
  }
}
