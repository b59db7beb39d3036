package io.dialect.tts.worker.shard;

import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.gateway.GatewayApi.ProgressReport;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.progress.ProgressCounters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard's item counts, sent to the gateway (which keeps them in Redis for the operator) as this pod's
 * running totals, once per {@code interval} when they changed and every {@code resendEvery} anyway: a
 * total replaces the last one, so a report that failed, or one Redis lost, is simply made good by the
 * next. The last report is sent when the shard closes its counters (a failure then fails the shard, whose
 * retry recounts from zero).
 */
public final class GatewayProgressCounters implements ProgressCounters, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayProgressCounters.class);

  private final GatewayClient client;
  private final LocalProgressCounters totals = new LocalProgressCounters();
  private final long resendEveryNanos;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "progress-reports");
    thread.setDaemon(true);
    return thread;
  });
  /** The pod's first report clears the counts of the shard's earlier pods; it stays pending until sent. */
  private boolean resetPending;
  private boolean sourceDone;
  private Map<String, Long> sent = Map.of();
  private long sentAt = System.nanoTime();

  public GatewayProgressCounters(GatewayClient client, Duration interval, Duration resendEvery) {
    this.client = client;
    this.resendEveryNanos = resendEvery.toNanos();
    timer.scheduleWithFixedDelay(this::sendQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void reset() {
    totals.reset();
    resetPending = true;
    send(true);
  }

  @Override
  public void discovered() {
    totals.discovered();
  }

  @Override
  public void finished(ManifestEntry entry) {
    totals.finished(entry);
  }

  @Override
  public synchronized void sourceDone() {
    sourceDone = true;
    send(true);
  }

  @Override
  public void held(long change) {
    totals.held(change);
  }

  private void sendQuietly() {
    try {
      send(System.nanoTime() - sentAt > resendEveryNanos);
    } catch (RuntimeException e) {
      LOG.info("progress report not sent yet ({}); the next one carries the same totals", e.getMessage());
    }
  }

  /** Sends the totals when they changed since the last report, or when {@code always}. */
  private synchronized void send(boolean always) {
    Map<String, Long> now = totals.totals();
    now.remove(ProgressField.SOURCE_DONE);
    if (!always && !resetPending && now.equals(sent)) {
      return;
    }
    client.progress(new ProgressReport(resetPending, now, sourceDone));
    resetPending = false;
    sent = now;
    sentAt = System.nanoTime();
  }

  /** Sends the last report. */
  @Override
  public void close() {
    timer.shutdownNow();
    send(true);
  }
}
