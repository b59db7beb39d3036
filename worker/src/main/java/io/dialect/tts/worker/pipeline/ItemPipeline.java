package io.dialect.tts.worker.pipeline;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.output.AudioSink;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.source.SourceEntry;
import io.dialect.tts.worker.source.SourceItem;

/**
 * One item of a shard, in order: already written (then as recorded)? → synthesized (by the engine, here
 * or in the gateway) → written to the job's output. Every expected ending is a manifest entry; only
 * broken infrastructure (the output cannot be written, the synthesizer cannot be reached) throws.
 */
public final class ItemPipeline {
  private final Synthesizer synthesizer;
  private final AudioFormat format;
  private final AudioSink sink;
  private final EarlierResults earlier;

  /**
   * @param format  the job's audio format: the file name of an item's audio
   * @param earlier what an earlier attempt recorded for items whose audio {@code sink} already has
   */
  public ItemPipeline(Synthesizer synthesizer, AudioFormat format, AudioSink sink, EarlierResults earlier) {
    this.synthesizer = synthesizer;
    this.format = format;
    this.sink = sink;
    this.earlier = earlier;
  }

  public ItemResult process(SourceEntry entry) {
    return switch (entry) {
      case SourceEntry.Problem problem -> new ItemResult(ManifestEntry.withoutAudio(problem.id(), ItemStatus.Failed,
          problem.reason().name(), 0, 0), null, null, problem.message());
      case SourceEntry.Item item -> process(item.item());
    };
  }

  private ItemResult process(SourceItem item) {
    long start = System.nanoTime();
    long characters = item.text().codePointCount(0, item.text().length());
    var written = sink.existingSize(item.id(), format);
    if (written.isPresent()) {
      // Written by an earlier attempt: reported as that attempt recorded it (provider, billing, cache tier).
      String uri = sink.uriOf(item.id(), format);
      return new ItemResult(earlier.of(item.id()).map(entry -> entry.foundAt(uri, written.getAsLong()))
          .orElseGet(() -> ManifestEntry.alreadyWritten(item.id(), uri, written.getAsLong(), characters)),
          item.dialect(), item.voice(), null, true);
    }
    SynthesisOutcome outcome = synthesizer.synthesize(item);
    return switch (outcome) {
      case Synthesized made -> {
        String uri = sink.write(item.id(), made.audio());
        yield new ItemResult(new ManifestEntry(item.id(), ItemStatus.Succeeded, made.reason(), uri,
            made.audio().size(), elapsedMillis(start), characters, made.billedCharacters(), made.provider(),
            made.cacheTier(), made.degraded()), made.dialect(), made.voice(), null);
      }
      case NotSynthesized failed -> new ItemResult(ManifestEntry.withoutAudio(item.id(), failed.status(),
          failed.reason(), elapsedMillis(start), characters), failed.dialect(), failed.voice(), failed.message());
    };
  }

  private static long elapsedMillis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
