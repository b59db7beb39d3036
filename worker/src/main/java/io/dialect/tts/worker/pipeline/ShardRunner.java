package io.dialect.tts.worker.pipeline;

import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.progress.ProgressCounters;
import io.dialect.tts.worker.source.SourceEntry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>An item the quota ledger refused (a hard TTSQuota used up, or its limits not checkable while Redis
 * is away) did not fail: it is held and asked for again after a pause, until the ledger admits it or the
 * shard is stopped (the operator suspends the job while the quota is used up; a later pod does the item).
 * It is never recorded while held, so {@code failurePolicy} counts only items that really failed.
 */
public final class ShardRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ShardRunner.class);
  /** Pauses before asking the ledger again for a held item: doubling up to the last. */
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LAST_PAUSE = Duration.ofSeconds(30);

  private final ItemPipeline pipeline;
  private final int concurrency;
  private final ProgressCounters progress;
  private final List<ItemListener> listeners;
  /** Open once the shard is told to stop: no new item starts, and held items wake. */
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean holdAnnounced = new AtomicBoolean();

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
      while (broken.get() == null && !isStopping() && it.hasNext()) {
        SourceEntry entry = it.next();
        progress.discovered();
        tally.discovered();
        slots.acquireUninterruptibly();
        executor.submit(() -> {
          try {
            processUntilAdmitted(entry).ifPresent(result -> report(result, tally));
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
    if (isStopping()) {
      throw new ShardStoppedException(tally.finishedItems());
    }
    progress.sourceDone();
    return new ShardSummary(tally.get(ProgressField.TOTAL), tally.get(ProgressField.SUCCEEDED),
        tally.get(ProgressField.FAILED), tally.get(ProgressField.CACHED), tally.get(ProgressField.CHARACTERS_BILLED),
        tally.providers(), Duration.ofNanos(System.nanoTime() - started));
  }

  /** Starts no new item; {@link #run} returns (with {@link ShardStoppedException}) once those in flight are done. */
  public void stop() {
    stopped.countDown();
  }

  private boolean isStopping() {
    return stopped.getCount() == 0;
  }

  /** The item's result, asking again while the quota ledger refuses it; empty when the shard stops first. */
  private Optional<ItemResult> processUntilAdmitted(SourceEntry entry) {
    ItemResult result = pipeline.process(entry);
    if (result.entry().status() != ItemStatus.QuotaExceeded) {
      return Optional.of(result);
    }
    if (holdAnnounced.compareAndSet(false, true)) {
      LOG.info("items wait for the quota ({}): {}", result.entry().reason(), result.message());
    }
    progress.held(1);
    try {
      Duration pause = FIRST_PAUSE;
      while (result.entry().status() == ItemStatus.QuotaExceeded) {
        if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
          return Optional.empty();
        }
        pause = pause.multipliedBy(2).compareTo(LAST_PAUSE) > 0 ? LAST_PAUSE : pause.multipliedBy(2);
        result = pipeline.process(entry);
      }
      return Optional.of(result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      progress.held(-1);
    }
  }

  private void report(ItemResult result, LocalProgressCounters tally) {
    if (result.entry().status() != ItemStatus.Succeeded) {
      LOG.info("item {} ended {} ({}): {}", result.entry().id(), result.entry().status(), result.entry().reason(),
          result.message());
    }
    listeners.forEach(listener -> listener.finished(result));
    progress.finished(result.entry());
    tally.finished(result.entry());
    tally.billed(result.billedNow());
  }
}
