package io.dialect.tts.worker.provider;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.worker.audio.AudioJoiner;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.provider.ProviderOutcome.Failed;
import io.dialect.tts.worker.provider.ProviderOutcome.Served;
import io.dialect.tts.worker.provider.ProviderRegistry.Entry;
import io.dialect.tts.worker.provider.config.ProvidersConfig;
import io.dialect.tts.worker.synthesis.Audio;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failover across providers: for each provider in the order that has a voice for the request, its
 * primary key, then its backup key; after every remote provider, the dialect's local espeak voice
 * (degraded) where the catalog allows one. Caller errors stop the chain. Each call is decorated by
 * the provider's {@link ProviderGuard} (retry, breakers, rate limiter, bulkhead).
 */
public final class ProviderChain {
  private final ProviderRegistry registry;
  private final VoiceCatalog catalog;
  private final AudioJoiner joiner;
  private final Map<String, ProviderGuard> guards = new HashMap<>();
  /** By provider: characters of calls whose answer was lost after they were sent (see {@link #ANSWER_LOST}). */
  private final Map<String, Counter> answersLost = new HashMap<>();

  /**
   * Characters sent to a billed provider whose answer never came (a timeout, or the connection broke after
   * the request went out): the vendor may have billed them though the item was made by a later attempt.
   * The items' billed counts leave them out; this counter bounds what the vendor's invoice may add.
   */
  public static final String ANSWER_LOST = "tts.provider.answer.lost.characters";

  public ProviderChain(ProviderRegistry registry, VoiceCatalog catalog, AudioJoiner joiner, MeterRegistry meters) {
    this(registry, catalog, joiner, meters, null);
  }

  /** @param sharedLimits the account-wide rate limits in Redis; null paces each process alone */
  public ProviderChain(ProviderRegistry registry, VoiceCatalog catalog, AudioJoiner joiner, MeterRegistry meters,
      SharedLimits sharedLimits) {
    this.registry = registry;
    this.catalog = catalog;
    this.joiner = joiner;
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    RetryRegistry retries = RetryRegistry.ofDefaults();
    RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    for (Entry e : registry.all()) {
      guards.put(e.name(), new ProviderGuard(e, breakers, retries, limiters, bulkheads, sharedLimits, meters));
      answersLost.put(e.name(), Counter.builder(ANSWER_LOST)
          .description("Characters sent to a billed provider whose answer was lost: possibly billed, not counted")
          .tag("provider", e.name()).register(meters));
    }
  }

  /**
   * The chain for a process: keys from the environment and mounted Secret files, ffmpeg from the PATH.
   *
   * @param sharedLimits the account-wide rate limits in Redis; null paces this process alone
   */
  public static ProviderChain create(ProvidersConfig config, VoiceCatalog catalog, MeterRegistry meters,
      SharedLimits sharedLimits) {
    AudioTranscoder transcoder = new AudioTranscoder();
    return new ProviderChain(ProviderRegistry.fromConfig(config, System::getenv, transcoder, meters), catalog,
        new AudioJoiner(transcoder), meters, sharedLimits);
  }

  /**
   * Synthesizes one request.
   *
   * @param order provider names to try, in order (a job's {@code spec.providers}); null or empty
   *              means the configured order
   */
  public ProviderOutcome synthesize(SynthesisRequest request, List<String> order) {
    if (request.text().isBlank()) {
      return new Failed(Failed.EMPTY_TEXT, "the text is empty");
    }
    List<String> names = order == null || order.isEmpty() ? registry.order() : order;
    for (String name : names) {
      if (registry.entry(name).isEmpty()) {
        return new Failed(Failed.UNKNOWN_PROVIDER, "provider '" + name + "' is not configured");
      }
    }
    Attempt attempt = new Attempt(request);
    for (String name : names) {
      Entry entry = registry.entry(name).orElseThrow();
      Optional<String> voiceId = voiceFor(request, entry);
      if (voiceId.isPresent()) {
        ProviderOutcome outcome = attempt.withProvider(entry, voiceId.get(), false);
        if (outcome != null) {
          return outcome;
        }
      }
    }
    Entry local = registry.local();
    Optional<String> fallback = catalog.localFallback(request.dialect());
    if (fallback.isPresent() && !attempt.tried.contains(local.name())) {
      ProviderOutcome outcome = attempt.withProvider(local, fallback.get(), true);
      if (outcome != null) {
        return outcome;
      }
    }
    if (attempt.tried.isEmpty()) {
      return new Failed(Failed.NO_VOICE, "no provider of " + names + " speaks voice '" + request.voice()
          + "' of dialect '" + request.dialect() + "', and the dialect has no local fallback");
    }
    return new Failed(Failed.ALL_PROVIDERS_FAILED, String.join("; ", attempt.failures)
        + (fallback.isEmpty() ? "; dialect '" + request.dialect() + "' has no local fallback" : ""),
        attempt.billedCharacters, attempt.billedCalls.get());
  }

  /**
   * Whether synthesizing with this order may call a billed provider, so the quota must be asked first.
   * An unknown name counts as billed: the chain fails the item before any call anyway.
   */
  public boolean billsAny(List<String> order) {
    List<String> names = order == null || order.isEmpty() ? registry.order() : order;
    return names.stream().anyMatch(name -> registry.entry(name).map(e -> e.provider().billed()).orElse(true));
  }

  /** The provider's voice id: the catalog entry under the provider's name, else under its type. */
  private Optional<String> voiceFor(SynthesisRequest request, Entry entry) {
    return catalog.providerVoice(request.dialect(), request.voice(), entry.name())
        .or(() -> catalog.providerVoice(request.dialect(), request.voice(), entry.settings().type().wireName()));
  }

  /** The state of one request's way through the chain. */
  private final class Attempt {
    private final SynthesisRequest request;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger billedCalls = new AtomicInteger();
    /** What billed providers billed so far, chunks of a provider that failed later included. */
    private long billedCharacters;
    private final List<String> failures = new ArrayList<>();
    private final Set<String> tried = new HashSet<>();

    Attempt(SynthesisRequest request) {
      this.request = request;
    }

    /** Served or Failed (caller error), or null when this provider could not serve and the chain goes on. */
    ProviderOutcome withProvider(Entry entry, String voiceId, boolean degraded) {
      tried.add(entry.name());
      ProviderGuard guard = guards.get(entry.name());
      List<ApiKey> keys = entry.keys().isEmpty() ? Collections.singletonList(null) : entry.keys();
      for (ApiKey key : keys) {
        String keyName = key == null ? ProviderGuard.NO_KEY : key.name();
        ProviderCall call = new ProviderCall(request.text(), request.dialect(), voiceId, request.speed(),
            request.emotion(), request.format(), key);
        try {
          boolean billed = entry.provider().billed();
          List<String> chunks = SentenceSplitter.split(request.text(), entry.provider().maxCharactersPerRequest());
          List<Audio> audio = new ArrayList<>(chunks.size());
          for (String chunk : chunks) {
            audio.add(guard.call(keyName, () -> {
              calls.incrementAndGet();
              if (billed) {
                billedCalls.incrementAndGet();
              }
              try {
                return entry.provider().synthesize(call.withText(chunk));
              } catch (ProviderException e) {
                if (billed && e.answerLost()) {
                  answersLost.get(entry.name()).increment(chunk.codePointCount(0, chunk.length()));
                }
                throw e;
              }
            }));
            if (billed) {
              billedCharacters += chunk.codePointCount(0, chunk.length());
            }
          }
          return new Served(joiner.join(audio), entry.name(), keyName, degraded, billedCharacters, calls.get(),
              billedCalls.get());
        } catch (ProviderException e) {
          failures.add(entry.name() + "/" + keyName + ": " + e.getMessage());
          switch (e.kind()) {
            case CALLER -> {
              return new Failed(Failed.PROVIDER_REJECTED, e.getMessage(), billedCharacters, billedCalls.get());
            }
            case KEY_REFUSED -> guard.refuse(keyName);
            case RETRYABLE -> {
              // Retries are spent: the provider itself is failing, another key of it would not help.
              return null;
            }
          }
        } catch (CallNotPermittedException e) {
          failures.add(entry.name() + "/" + keyName + ": circuit breaker " + e.getCausingCircuitBreakerName() + " is open");
          if (!guard.isKeyBreaker(e.getCausingCircuitBreakerName())) {
            return null;
          }
        } catch (BulkheadFullException | RequestNotPermitted e) {
          failures.add(entry.name() + ": busy (" + e.getMessage() + ")");
          return null;
        }
      }
      return null;
    }
  }
}
