package io.dialect.tts.worker.pipeline;

import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.progress.ProgressCounters;
import io.dialect.tts.worker.source.SourceEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a shard's items through the pipeline with bounded concurrency, reading the source lazily:
 * at most {@code concurrency} items are in flight, so a million-line source never sits in memory.
 * Broken infrastructure (an output that cannot be written) stops the shard after the items in
 * flight finish; the retried shard skips what was written. {@link #stop} (SIGTERM: the pod is being
 * deleted) does the same: no new item starts, the ones in flight finish and are recorded, so what
 * was paid for is written and counted.
 */
public final class ShardRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ShardRunner.class);

  private final ItemPipeline pipeline;
  private final int concurrency;
  private final ProgressCounters progress;
  private final List<ItemListener> listeners;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public ShardRunner(ItemPipeline pipeline, int concurrency, ProgressCounters progress, List<ItemListener> listeners) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    this.pipeline = pipeline;
    this.concurrency = concurrency;
    this.progress = progress;
    this.listeners = List.copyOf(listeners);
  }

  public ShardSummary run(Stream<SourceEntry> entries) {
    long started = System.nanoTime();
    LocalProgressCounters tally = new LocalProgressCounters();
    Semaphore slots = new Semaphore(concurrency);
    AtomicReference<RuntimeException> broken = new AtomicReference<>();
    progress.reset();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor(); entries) {
      var it = entries.iterator();
      while (broken.get() == null && !stopping.get() && it.hasNext()) {
        SourceEntry entry = it.next();
        progress.discovered();
        tally.discovered();
        slots.acquireUninterruptibly();
        executor.submit(() -> {
          try {
            ItemResult result = pipeline.process(entry);
            report(result, tally);
          } catch (RuntimeException e) {
            broken.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
      }
    }
    if (broken.get() != null) {
      throw broken.get();
    }
    if (stopping.get()) {
      throw new ShardStoppedException(tally.finishedItems());
    }
    progress.sourceDone();
    return new ShardSummary(tally.get(ProgressField.TOTAL), tally.get(ProgressField.SUCCEEDED),
        tally.get(ProgressField.FAILED), tally.get(ProgressField.CACHED), tally.get(ProgressField.CHARACTERS_BILLED),
        tally.providers(), Duration.ofNanos(System.nanoTime() - started));
  }

  /** Starts no new item; {@link #run} returns (with {@link ShardStoppedException}) once those in flight are done. */
  public void stop() {
    stopping.set(true);
  }

  private void report(ItemResult result, LocalProgressCounters tally) {
    if (result.entry().status() != ItemStatus.Succeeded) {
      LOG.info("item {} ended {} ({}): {}", result.entry().id(), result.entry().status(), result.entry().reason(),
          result.message());
    }
    listeners.forEach(listener -> listener.finished(result));
    progress.finished(result.entry());
    tally.finished(result.entry());
    tally.billed(result.entry().provider(), result.billedNow(), 0);
  }
}
