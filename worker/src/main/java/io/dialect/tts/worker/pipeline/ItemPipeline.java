package io.dialect.tts.worker.pipeline;

import io.dialect.tts.usage.Refused;
import io.dialect.tts.usage.Reservation;
import io.dialect.tts.worker.cache.CacheHit;
import io.dialect.tts.worker.cache.CacheKey;
import io.dialect.tts.worker.cache.TieredAudioCache;
import io.dialect.tts.worker.dedup.Deduplicated;
import io.dialect.tts.worker.dedup.RequestDeduplicator;
import io.dialect.tts.worker.output.AudioSink;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.output.ManifestEntry;
import io.dialect.tts.worker.policy.ContentPolicy;
import io.dialect.tts.worker.policy.PolicyDecision;
import io.dialect.tts.worker.provider.ProviderChain;
import io.dialect.tts.worker.provider.ProviderOutcome;
import io.dialect.tts.worker.source.SourceEntry;
import io.dialect.tts.worker.source.SourceItem;
import io.dialect.tts.worker.synthesis.Audio;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.util.List;
import java.util.Optional;

/**
 * The whole life of one item, in order: already written (then as recorded)? → voice → content policy → cache key →
 * caches → de-duplication → quota reservation (only when the order has a billed provider) → providers →
 * output. Every expected ending is a manifest entry; only
 * broken infrastructure (the output cannot be written) throws.
 */
public final class ItemPipeline {
  /** Reason of an item whose dialect or voice is not in the catalog. */
  public static final String UNKNOWN_VOICE = "UnknownVoice";
  /** Reason of a succeeded item billed while Redis was unreachable and the ledger fails open. */
  public static final String QUOTA_NOT_CHECKED = "QuotaNotChecked";

  private final JobDefaults defaults;
  private final ContentPolicy policy;
  private final TieredAudioCache cache;
  private final String cacheScope;
  private final RequestDeduplicator deduplicator;
  private final ProviderChain providers;
  private final List<String> providerOrder;
  private final AudioSink sink;
  private final EarlierResults earlier;
  private final JobQuota quota;

  /**
   * @param cache         null when the job turned caching off (spec.cache.enabled: false)
   * @param providerOrder the job's spec.providers; empty means the configured order
   * @param earlier       what an earlier attempt recorded for items whose audio {@code sink} already has
   * @param quota         the job's view of its namespace's usage ledger
   */
  public ItemPipeline(JobDefaults defaults, ContentPolicy policy, TieredAudioCache cache, String cacheScope,
      RequestDeduplicator deduplicator, ProviderChain providers, List<String> providerOrder, AudioSink sink,
      EarlierResults earlier, JobQuota quota) {
    this.defaults = defaults;
    this.policy = policy;
    this.cache = cache;
    this.cacheScope = cacheScope;
    this.deduplicator = deduplicator;
    this.providers = providers;
    this.providerOrder = providerOrder;
    this.sink = sink;
    this.earlier = earlier;
    this.quota = quota;
  }

  public ItemResult process(SourceEntry entry) {
    long start = System.nanoTime();
    return switch (entry) {
      case SourceEntry.Problem problem -> new ItemResult(ManifestEntry.withoutAudio(problem.id(), ItemStatus.Failed,
          problem.reason().name(), 0, 0), null, null, problem.message());
      case SourceEntry.Item item -> process(item.item(), start);
    };
  }

  private ItemResult process(SourceItem item, long start) {
    long characters = item.text().codePointCount(0, item.text().length());
    var written = sink.existingSize(item.id(), defaults.format());
    Optional<SynthesisRequest> resolved = defaults.resolve(item);
    String dialect = resolved.map(SynthesisRequest::dialect).orElse(item.dialect());
    String voice = resolved.map(SynthesisRequest::voice).orElse(item.voice());
    if (written.isPresent()) {
      // Written by an earlier attempt: reported as that attempt recorded it (provider, billing, cache tier).
      String uri = sink.uriOf(item.id(), defaults.format());
      return new ItemResult(earlier.of(item.id()).map(entry -> entry.foundAt(uri, written.getAsLong()))
          .orElseGet(() -> ManifestEntry.alreadyWritten(item.id(), uri, written.getAsLong(), characters)),
          dialect, voice, null, true);
    }
    if (resolved.isEmpty()) {
      return failed(item, ItemStatus.Failed, UNKNOWN_VOICE, defaults.unknownVoiceMessage(item), start, characters,
          dialect, voice);
    }
    SynthesisRequest request = resolved.get();
    PolicyDecision decision = policy.apply(request.text());
    if (decision instanceof PolicyDecision.Rejected rejected) {
      return failed(item, ItemStatus.Rejected, rejected.reason(), rejected.message(), start, characters, dialect,
          voice);
    }
    String allowedText = ((PolicyDecision.Allowed) decision).text();
    SynthesisRequest allowed = new SynthesisRequest(allowedText, request.dialect(), request.voice(), request.speed(),
        request.emotion(), request.format());

    Synthesized synthesized;
    try {
      synthesized = cache == null ? fromProviders(allowed) : fromCacheOrProviders(allowed);
    } catch (ItemFailure failure) {
      return failed(item, failure.status, failure.reason, failure.getMessage(), start, characters, dialect, voice);
    }
    if (!ManifestEntry.NO_CACHE.equals(synthesized.tier())) {
      quota.recordCacheHit();
    }
    String uri = sink.write(item.id(), synthesized.audio());
    ManifestEntry entry = new ManifestEntry(item.id(), ItemStatus.Succeeded, synthesized.manifestReason(), uri,
        synthesized.audio().size(), elapsedMillis(start), characters, synthesized.billedCharacters(),
        synthesized.provider(), synthesized.tier(), synthesized.degraded());
    return new ItemResult(entry, dialect, voice, synthesized.quotaNotice().orElse(null));
  }

  private Synthesized fromCacheOrProviders(SynthesisRequest request) {
    CacheKey key = CacheKey.of(cacheScope, request);
    Optional<Synthesized> hit = lookup(key, request);
    if (hit.isPresent()) {
      return hit.get();
    }
    Deduplicated<Synthesized> result = deduplicator.deduplicate(key, () -> lookup(key, request), () -> {
      Synthesized made = fromProviders(request);
      if (!made.degraded()) {
        // Degraded audio never enters the caches: the next request deserves another try at the real voice.
        cache.store(key, made.audio().data());
      }
      return made;
    });
    // Only the caller that produced pays; a peer's result was billed to the peer.
    return result.producedHere() ? result.value() : result.value().shared();
  }

  private Optional<Synthesized> lookup(CacheKey key, SynthesisRequest request) {
    return cache.lookup(key).map((CacheHit hit) ->
        new Synthesized(new Audio(hit.data(), request.format()), null, false, 0, hit.tier(), Optional.empty(), false));
  }

  /** Reserves the item's characters when a billed provider may be asked, then settles by what happened. */
  private Synthesized fromProviders(SynthesisRequest request) {
    Optional<Reservation> reservation = Optional.empty();
    if (quota.metered() && providers.billsAny(providerOrder)) {
      switch (quota.reserve(request.text().codePointCount(0, request.text().length()))) {
        case Refused refused -> throw new ItemFailure(ItemStatus.QuotaExceeded, refused.reason().code(),
            refused.message());
        case Reservation granted -> reservation = Optional.of(granted);
      }
    }
    ProviderOutcome outcome = providers.synthesize(request, providerOrder);
    boolean billed = outcome instanceof ProviderOutcome.Served served && served.billedCharacters() > 0;
    reservation.ifPresent(r -> quota.settle(r, billed));
    Optional<String> notice = reservation.flatMap(Reservation::notice);
    boolean uncounted = reservation.map(r -> !r.counted()).orElse(false);
    return switch (outcome) {
      case ProviderOutcome.Served served -> new Synthesized(served.audio(), served.provider(), served.degraded(),
          served.billedCharacters(), ManifestEntry.NO_CACHE, billed ? notice : Optional.empty(), billed && uncounted);
      case ProviderOutcome.Failed failed -> throw new ItemFailure(ItemStatus.Failed, failed.reason(), failed.message());
    };
  }

  private static ItemResult failed(SourceItem item, ItemStatus status, String reason, String message, long start,
      long characters, String dialect, String voice) {
    return new ItemResult(ManifestEntry.withoutAudio(item.id(), status, reason, elapsedMillis(start), characters),
        dialect, voice, message);
  }

  private static long elapsedMillis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Audio for an item and where it came from.
   *
   * @param quotaNotice what the quota had to say about the billed call (soft limit passed, not checked)
   * @param uncounted   billed while Redis was unreachable (fail-open): nobody counted it
   */
  private record Synthesized(Audio audio, String provider, boolean degraded, int billedCharacters, String tier,
      Optional<String> quotaNotice, boolean uncounted) {
    /** The same audio as a peer's result: not billed here. */
    Synthesized shared() {
      return new Synthesized(audio, provider, degraded, 0, tier, Optional.empty(), false);
    }

    /** Null for a normal success; {@value #QUOTA_NOT_CHECKED} when a fail-open ledger let it through uncounted. */
    String manifestReason() {
      return uncounted && quotaNotice.isPresent() ? QUOTA_NOT_CHECKED : null;
    }
  }

  /** A provider outcome that ends the item; carried through the de-duplicator to every joined caller. */
  private static final class ItemFailure extends RuntimeException {
    private final ItemStatus status;
    private final String reason;

    ItemFailure(ItemStatus status, String reason, String message) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
    }
  }
}
