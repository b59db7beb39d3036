package io.dialect.tts.worker.shard;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.gateway.GatewayApi;
import io.dialect.tts.worker.gateway.GatewayApi.ItemResultLine;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.pipeline.Synthesizer;
import io.dialect.tts.worker.source.SourceItem;
import io.dialect.tts.worker.synthesis.Audio;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items synthesized by the gateway, many per call: the shard's concurrent item threads each ask for one
 * item; waiting items are gathered into one batch call (up to {@code maxBatch}, after at most
 * {@code linger}), and each thread gets its item's result as the gateway streams it back. Items whose
 * answer was lost (the gateway restarted mid-batch) are sent again, at most {@value #ATTEMPTS} times:
 * the gateway cached what it made, so a resent item is not paid for twice.
 */
public final class GatewaySynthesizer implements Synthesizer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewaySynthesizer.class);
  private static final int ATTEMPTS = 4;

  private final GatewayClient client;
  private final int maxBatch;
  private final long lingerMillis;
  private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
  private final Semaphore inFlight;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread dispatcher;
  private volatile boolean closed;

  private record Waiting(SourceItem item, CompletableFuture<SynthesisOutcome> result, int attempt) {
  }

  /** @param batchesInFlight batch calls open at once (the next batch gathers while one streams back) */
  public GatewaySynthesizer(GatewayClient client, int maxBatch, long lingerMillis, int batchesInFlight) {
    this.client = client;
    this.maxBatch = Math.min(maxBatch, GatewayApi.MAX_BATCH);
    this.lingerMillis = lingerMillis;
    this.inFlight = new Semaphore(batchesInFlight);
    this.dispatcher = Thread.ofPlatform().daemon().name("gateway-batches").start(this::dispatch);
  }

  @Override
  public SynthesisOutcome synthesize(SourceItem item) {
    CompletableFuture<SynthesisOutcome> result = new CompletableFuture<>();
    queue.add(new Waiting(item, result, 1));
    try {
      return result.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  private void dispatch() {
    while (!closed) {
      try {
        Waiting first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Waiting> batch = new ArrayList<>(List.of(first));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        while (batch.size() < maxBatch) {
          Waiting next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        inFlight.acquire();
        senders.submit(() -> send(batch));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void send(List<Waiting> batch) {
    Map<String, Waiting> waiting = new HashMap<>();
    batch.forEach(w -> waiting.put(w.item().id(), w));
    try {
      client.synthesize(batch.stream().map(Waiting::item).toList(), line -> {
        Waiting w = waiting.remove(line.id());
        if (w != null) {
          w.result().complete(outcome(line));
        }
      });
      if (!waiting.isEmpty()) {
        throw new GatewayUnavailableException("the gateway's answer lacked " + waiting.size() + " items", null);
      }
    } catch (GatewayUnavailableException e) {
      for (Waiting w : waiting.values()) {
        if (w.attempt() < ATTEMPTS) {
          queue.add(new Waiting(w.item(), w.result(), w.attempt() + 1));
        } else {
          w.result().completeExceptionally(e);
        }
      }
      LOG.info("batch of {} items broke off ({}); {} sent again", batch.size(), e.getMessage(), waiting.size());
    } catch (RuntimeException e) {
      waiting.values().forEach(w -> w.result().completeExceptionally(e));
    } finally {
      inFlight.release();
    }
  }

  private static SynthesisOutcome outcome(ItemResultLine line) {
    ItemStatus status = ItemStatus.valueOf(line.status());
    if (status == ItemStatus.Succeeded) {
      AudioFormat format = AudioFormat.valueOf(line.format().toUpperCase(Locale.ROOT));
      return new Synthesized(new Audio(line.audio(), format), line.provider(), line.degraded(), line.billedCharacters(),
          line.cacheTier(), line.reason(), line.dialect(), line.voice());
    }
    return new NotSynthesized(status, line.reason(), line.message(), line.billedCharacters(), line.dialect(),
        line.voice());
  }

  @Override
  public void close() {
    closed = true;
    dispatcher.interrupt();
    senders.close();
    queue.forEach(w -> w.result().completeExceptionally(new GatewayUnavailableException("shard stopping", null)));
  }
}
