package io.dialect.tts.worker.shard;

import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.worker.gateway.GatewayApi.ProgressReport;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.progress.ProgressCounters;
import io.dialect.tts.worker.progress.ProgressDelta;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard's item counts, sent to the gateway (which keeps them in Redis for the operator) in one report
 * per {@code interval} instead of a call per item. A report that fails is kept and sent with the next;
 * the last one is sent when the shard closes its counters (a failure then fails the shard, whose retry
 * recounts from zero).
 */
public final class GatewayProgressCounters implements ProgressCounters, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayProgressCounters.class);

  private final GatewayClient client;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "progress-reports");
    thread.setDaemon(true);
    return thread;
  });
  private Map<String, Long> pending = new HashMap<>();

  public GatewayProgressCounters(GatewayClient client, Duration interval) {
    this.client = client;
    timer.scheduleWithFixedDelay(this::sendQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void reset() {
    send(true, false);
  }

  @Override
  public synchronized void discovered() {
    pending.merge(ProgressField.TOTAL, 1L, Long::sum);
  }

  @Override
  public synchronized void finished(ManifestEntry entry) {
    ProgressDelta.of(entry).forEach((field, amount) -> pending.merge(field, amount, Long::sum));
  }

  @Override
  public void sourceDone() {
    send(false, true);
  }

  private void sendQuietly() {
    try {
      send(false, false);
    } catch (RuntimeException e) {
      LOG.info("progress report not sent yet ({}); it goes with the next", e.getMessage());
    }
  }

  /** Sends what is pending (with a reset or the end of the source when asked); keeps it if sending fails. */
  private synchronized void send(boolean reset, boolean sourceDone) {
    if (pending.isEmpty() && !reset && !sourceDone) {
      return;
    }
    Map<String, Long> counts = pending;
    pending = new HashMap<>();
    try {
      client.progress(new ProgressReport(reset, counts, sourceDone));
    } catch (RuntimeException e) {
      counts.forEach((field, amount) -> pending.merge(field, amount, Long::sum));
      throw e;
    }
  }

  /** Sends the last report. */
  @Override
  public void close() {
    timer.shutdownNow();
    send(false, false);
  }
}
