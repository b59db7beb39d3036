package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.worker.engine.JobContext;
import io.dialect.tts.worker.engine.SynthesisEngine;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.gateway.GatewayApi.ItemResultLine;
import io.dialect.tts.worker.gateway.GatewayApi.ItemsRequest;
import io.dialect.tts.worker.gateway.GatewayApi.ProgressReport;
import io.dialect.tts.worker.gateway.GatewayApi.UrlsRequest;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.source.SourceItem;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of shard pods ({@code /v1/shard...}). Every call first finds the caller's shard from its
 * token ({@link CallerIdentity#shardOf}); the job's namespace, name, uid, spec and output place come
 * from there, never from the request.
 */
final class ShardEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(ShardEndpoints.class);

  private final CallerIdentity identity;
  private final SynthesisEngine engine;
  private final VoiceCatalog catalog;
  private final ShardProgress progress;
  private final GatewayBilling billing;
  /** Null when the gateway has no S3: jobs with S3 outputs or sources are refused then. */
  private final PresignedUrls urls;
  /** Items of one batch call synthesized at once. */
  private final int concurrency;

  ShardEndpoints(CallerIdentity identity, SynthesisEngine engine, VoiceCatalog catalog, ShardProgress progress,
      GatewayBilling billing, PresignedUrls urls, int concurrency) {
    this.identity = identity;
    this.engine = engine;
    this.catalog = catalog;
    this.progress = progress;
    this.billing = billing;
    this.urls = urls;
    this.concurrency = concurrency;
  }

  private Shard shard(GatewayExchange exchange, String method) {
    return identity.shardOf(caller(exchange, method));
  }

  private Caller caller(GatewayExchange exchange, String method) {
    if (!method.equals(exchange.method())) {
      throw new GatewayException(405, GatewayException.INVALID_REQUEST, "use " + method);
    }
    return identity.authenticate(exchange.bearerToken());
  }

  void info(GatewayExchange exchange) throws IOException {
    Shard shard = shard(exchange, "GET");
    exchange.json(200, new GatewayApi.ShardInfo(shard.namespace(), shard.jobName(), shard.jobUid(), shard.index(),
        shard.count(), shard.job().getSpec()));
  }

  /**
   * Synthesizes the batch's items concurrently and streams one JSON line per item as it ends. If the pod
   * goes away mid-batch, the items already started finish (their billing is counted) and no more start.
   */
  void items(GatewayExchange exchange) throws IOException {
    Shard shard = shard(exchange, "POST");
    List<SourceItem> items = exchange.body(ItemsRequest.class).items();
    if (items == null || items.isEmpty() || items.size() > GatewayApi.MAX_BATCH) {
      throw GatewayException.invalid("a batch has 1 to " + GatewayApi.MAX_BATCH + " items");
    }
    for (SourceItem item : items) {
      if (item.id() == null || item.text() == null) {
        throw GatewayException.invalid("every item needs an id and a text");
      }
    }
    JobContext job = JobContext.of(shard.job(), catalog, billing.meter(shard));
    exchange.http().getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.http().sendResponseHeaders(200, 0);
    AtomicBoolean callerGone = new AtomicBoolean();
    Semaphore slots = new Semaphore(concurrency);
    try (OutputStream out = exchange.http().getResponseBody();
         ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (SourceItem item : items) {
        slots.acquireUninterruptibly();
        if (callerGone.get()) {
          slots.release();
          break;
        }
        executor.submit(() -> {
          try {
            byte[] line = GatewayApi.JSON.writeValueAsBytes(line(item, engine.synthesize(job, item), shard));
            synchronized (out) {
              out.write(line);
              out.write('\n');
              out.flush();
            }
          } catch (IOException e) {
            if (callerGone.compareAndSet(false, true)) {
              LOG.info("shard {} of {}/{} went away mid-batch; no more of its items start", shard.index(),
                  shard.namespace(), shard.jobName());
            }
          } finally {
            slots.release();
          }
        });
      }
    }
  }

  private static ItemResultLine line(SourceItem item, SynthesisOutcome outcome, Shard shard) {
    String format = shard.job().getSpec().effectiveFormat().extension();
    return switch (outcome) {
      case Synthesized made -> new ItemResultLine(item.id(), ItemStatus.Succeeded.name(), made.reason(), null,
          made.billedCharacters(), made.provider(), made.cacheTier(), made.degraded(), made.dialect(), made.voice(),
          format, made.audio().data());
      case NotSynthesized failed -> new ItemResultLine(item.id(), failed.status().name(), failed.reason(),
          failed.message(), failed.billedCharacters(), null, null, false, failed.dialect(), failed.voice(), format,
          null);
    };
  }

  void progress(GatewayExchange exchange) throws IOException {
    Caller caller = caller(exchange, "POST");
    Shard shard = identity.shardOf(caller);
    ProgressReport report = exchange.body(ProgressReport.class);
    progress.report(shard, caller.podUid(), report.reset(), report.totals() == null ? Map.of() : report.totals(),
        report.sourceDone());
    exchange.noContent();
  }

  void complete(GatewayExchange exchange) throws IOException {
    Shard shard = shard(exchange, "POST");
    exchange.json(200, new GatewayApi.Completion(progress.complete(shard)));
  }

  void outputUrls(GatewayExchange exchange) throws IOException {
    Shard shard = shard(exchange, "POST");
    UrlsRequest request = exchange.body(UrlsRequest.class);
    if (request.files() == null || request.files().isEmpty() || request.files().size() > GatewayApi.MAX_BATCH) {
      throw GatewayException.invalid("ask for 1 to " + GatewayApi.MAX_BATCH + " files");
    }
    exchange.json(200, new GatewayApi.UrlsResponse(requireS3().output(shard, request.files(), request.method())));
  }

  void sourceUrl(GatewayExchange exchange) throws IOException {
    Shard shard = shard(exchange, "GET");
    exchange.json(200, new GatewayApi.SourceUrl(requireS3().source(shard)));
  }

  private PresignedUrls requireS3() {
    if (urls == null) {
      throw new GatewayException(503, GatewayException.UNAVAILABLE, "the gateway has no S3 endpoint configured");
    }
    return urls;
  }
}
