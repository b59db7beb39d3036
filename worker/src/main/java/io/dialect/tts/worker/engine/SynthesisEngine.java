package io.dialect.tts.worker.engine;

import io.dialect.tts.usage.QuotaLedger;
import io.dialect.tts.usage.Refused;
import io.dialect.tts.usage.Reservation;
import io.dialect.tts.worker.audit.AuditLog;
import io.dialect.tts.worker.cache.CacheHit;
import io.dialect.tts.worker.cache.CacheKey;
import io.dialect.tts.worker.cache.TieredAudioCache;
import io.dialect.tts.worker.config.CacheScope;
import io.dialect.tts.worker.dedup.Deduplicated;
import io.dialect.tts.worker.dedup.RequestDeduplicator;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.metrics.WorkerMetrics;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.policy.ContentPolicy;
import io.dialect.tts.worker.policy.PolicyDecision;
import io.dialect.tts.worker.provider.ProviderChain;
import io.dialect.tts.worker.provider.ProviderOutcome;
import io.dialect.tts.worker.source.SourceItem;
import io.dialect.tts.worker.synthesis.Audio;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.util.Optional;

/**
 * The synthesis of one item, in order: voice → content policy → cache key → caches → de-duplication →
 * quota reservation (only when a billed provider may be asked) → providers → caches. The one place the
 * platform's assets are used: provider keys, the shared caches, the namespace's ledger. It runs in the
 * gateway for every caller (shard pods, applications), and in process for the local run. Every
 * expected ending is an outcome; only broken infrastructure throws.
 */
public final class SynthesisEngine {
  /** Reason of an item whose dialect or voice is not in the catalog. */
  public static final String UNKNOWN_VOICE = "UnknownVoice";
  /** Reason of a succeeded item billed while Redis was unreachable and the ledger fails open. */
  public static final String QUOTA_NOT_CHECKED = "QuotaNotChecked";

  private final ContentPolicy policy;
  private final TieredAudioCache cache;
  private final CacheScope cacheScope;
  private final RequestDeduplicator deduplicator;
  private final ProviderChain providers;
  /** The namespaces' usage ledger; null when nothing is metered (the local run without Redis). */
  private final QuotaLedger ledger;
  private final AuditLog audit;
  private final WorkerMetrics metrics;

  public SynthesisEngine(ContentPolicy policy, TieredAudioCache cache, CacheScope cacheScope,
      RequestDeduplicator deduplicator, ProviderChain providers, QuotaLedger ledger, AuditLog audit,
      WorkerMetrics metrics) {
    this.policy = policy;
    this.cache = cache;
    this.cacheScope = cacheScope;
    this.deduplicator = deduplicator;
    this.providers = providers;
    this.ledger = ledger;
    this.audit = audit;
    this.metrics = metrics;
  }

  /** Synthesizes one item of the job; recorded in the audit log and the metrics whatever the outcome. */
  public SynthesisOutcome synthesize(JobContext job, SourceItem item) {
    long start = System.nanoTime();
    SynthesisOutcome outcome = make(job, item);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long characters = item.text().codePointCount(0, item.text().length());
    metrics.synthesized(job.namespace(), outcome, millis);
    audit.record(job.namespace(), job.jobName(), item.id(), characters, outcome, millis);
    return outcome;
  }

  private SynthesisOutcome make(JobContext job, SourceItem item) {
    Optional<SynthesisRequest> resolved = job.defaults().resolve(item);
    String dialect = resolved.map(SynthesisRequest::dialect).orElse(item.dialect());
    String voice = resolved.map(SynthesisRequest::voice).orElse(item.voice());
    if (resolved.isEmpty()) {
      return new NotSynthesized(ItemStatus.Failed, UNKNOWN_VOICE, job.defaults().unknownVoiceMessage(item), 0,
          dialect, voice);
    }
    SynthesisRequest request = resolved.get();
    PolicyDecision decision = policy.apply(request.text());
    if (decision instanceof PolicyDecision.Rejected rejected) {
      return new NotSynthesized(ItemStatus.Rejected, rejected.reason(), rejected.message(), 0, dialect, voice);
    }
    SynthesisRequest allowed = new SynthesisRequest(((PolicyDecision.Allowed) decision).text(), request.dialect(),
        request.voice(), request.speed(), request.emotion(), request.format());
    try {
      Made made = job.cacheEnabled() ? fromCacheOrProviders(job, allowed) : fromProviders(job, allowed);
      if (!ManifestEntry.NO_CACHE.equals(made.tier()) && ledger != null) {
        ledger.recordCacheHit(job.namespace());
      }
      return new Synthesized(made.audio(), made.provider(), made.degraded(), made.billedCharacters(), made.tier(),
          made.uncounted() ? QUOTA_NOT_CHECKED : null, dialect, voice);
    } catch (ItemFailure failure) {
      return new NotSynthesized(failure.status, failure.reason, failure.getMessage(), failure.billedCharacters,
          dialect, voice);
    }
  }

  private Made fromCacheOrProviders(JobContext job, SynthesisRequest request) {
    CacheKey key = CacheKey.of(cacheScope.scopeFor(job.namespace()), request);
    Optional<Made> hit = lookup(key, request);
    if (hit.isPresent()) {
      return hit.get();
    }
    Deduplicated<Made> result = deduplicator.deduplicate(key, () -> lookup(key, request), () -> {
      Made made = fromProviders(job, request);
      if (!made.degraded()) {
        // Degraded audio never enters the caches: the next request deserves another try at the real voice.
        cache.store(key, made.audio().data());
      }
      return made;
    });
    // Only the caller that produced pays; a peer's result was billed to the peer.
    return result.producedHere() ? result.value() : result.value().shared();
  }

  private Optional<Made> lookup(CacheKey key, SynthesisRequest request) {
    return cache.lookup(key).map((CacheHit hit) ->
        new Made(new Audio(hit.data(), request.format()), null, false, 0, hit.tier(), false));
  }

  /**
   * Reserves the item's characters when a billed provider may be asked, then settles by what the calls
   * came to: a failed item whose providers billed part of it is charged too (the vendor billed it).
   */
  private Made fromProviders(JobContext job, SynthesisRequest request) {
    Optional<Reservation> reservation = Optional.empty();
    if (ledger != null && providers.billsAny(job.providerOrder())) {
      switch (ledger.reserve(job.namespace(), request.characters())) {
        case Refused refused -> {
          refused.usedUp().ifPresent(job.billing()::refused);
          throw new ItemFailure(ItemStatus.QuotaExceeded, refused.reason().code(), refused.message(), 0);
        }
        case Reservation granted -> reservation = Optional.of(granted);
      }
    }
    ProviderOutcome outcome = providers.synthesize(request, job.providerOrder());
    long billed = outcome.billedCharacters();
    reservation.ifPresent(r -> {
      if (billed > 0) {
        ledger.commit(r, billed, outcome.billedCalls());
      } else {
        ledger.refund(r);
      }
    });
    if (billed > 0) {
      job.billing().billed(billed);
    }
    return switch (outcome) {
      case ProviderOutcome.Served served -> {
        boolean uncounted = billed > 0 && reservation.map(r -> !r.counted()).orElse(false);
        yield new Made(served.audio(), served.provider(), served.degraded(), billed, ManifestEntry.NO_CACHE, uncounted);
      }
      case ProviderOutcome.Failed failed -> throw new ItemFailure(ItemStatus.Failed, failed.reason(), failed.message(),
          billed);
    };
  }

  /**
   * Audio for an item and where it came from.
   *
   * @param uncounted billed while Redis was unreachable (fail-open): nobody counted it in the ledger
   */
  private record Made(Audio audio, String provider, boolean degraded, long billedCharacters, String tier,
      boolean uncounted) {
    /** The same audio as a peer's result: not billed here. */
    Made shared() {
      return new Made(audio, provider, degraded, 0, tier, false);
    }
  }

  /** An outcome that ends the item; carried through the de-duplicator to every joined caller. */
  private static final class ItemFailure extends RuntimeException {
    private final ItemStatus status;
    private final String reason;
    /** What providers billed before the item failed (chunks served before a failover that found no voice). */
    private final long billedCharacters;

    ItemFailure(ItemStatus status, String reason, String message, long billedCharacters) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
      this.billedCharacters = billedCharacters;
    }
  }
}
