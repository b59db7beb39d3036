package io.dialect.tts.worker.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled cache tiers, fastest first. A lookup walks them in order; a hit in a slower tier is
 * copied into every faster one. A tier that fails at run time counts as a miss (and is logged and
 * counted as an error): a broken cache costs money, never an item.
 */
public final class TieredAudioCache {
  /** Micrometer name; Prometheus exposes it as {@code tts_cache_lookups_total{tier,result}}. */
  public static final String LOOKUPS_METRIC = "tts.cache.lookups";

  private static final Logger LOG = LoggerFactory.getLogger(TieredAudioCache.class);

  private final List<AudioCache> tiers;
  private final Map<String, Map<Result, Counter>> lookups = new HashMap<>();

  private enum Result {
    HIT, MISS, ERROR;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param tiersFastestFirst e.g. memory, redis, s3 (pod) or memory, disk (local run); empty for no cache
   */
  public TieredAudioCache(List<AudioCache> tiersFastestFirst, MeterRegistry registry) {
    this.tiers = List.copyOf(tiersFastestFirst);
    for (AudioCache tier : tiers) {
      Map<Result, Counter> byResult = new EnumMap<>(Result.class);
      for (Result result : Result.values()) {
        byResult.put(result, Counter.builder(LOOKUPS_METRIC)
            .description("Audio cache lookups by tier and result")
            .tag("tier", tier.tier())
            .tag("result", result.tag())
            .register(registry));
      }
      lookups.put(tier.tier(), byResult);
    }
  }

  /** Tier names, fastest first. */
  public List<String> tiers() {
    return tiers.stream().map(AudioCache::tier).toList();
  }

  /** The audio of a key from the fastest tier that has it, promoted into the faster tiers. */
  public Optional<CacheHit> lookup(CacheKey key) {
    for (int i = 0; i < tiers.size(); i++) {
      AudioCache tier = tiers.get(i);
      Optional<byte[]> found;
      try {
        found = tier.get(key);
      } catch (RuntimeException e) {
        count(tier, Result.ERROR);
        LOG.warn("cache tier {} failed on lookup of {}; treated as a miss: {}", tier.tier(), key, e.toString());
        continue;
      }
      if (found.isPresent()) {
        count(tier, Result.HIT);
        putInto(tiers.subList(0, i), key, found.get());
        return Optional.of(new CacheHit(found.get(), tier.tier()));
      }
      count(tier, Result.MISS);
    }
    return Optional.empty();
  }

  /**
   * Writes audio into every tier. The pipeline stores only audio that answers the request as asked:
   * degraded audio (a fallback engine's) must never be stored under the request's key, or every
   * later identical request would get the fallback from the shared tiers.
   */
  public void store(CacheKey key, byte[] audio) {
    putInto(tiers, key, audio);
  }

  private void putInto(List<AudioCache> targets, CacheKey key, byte[] audio) {
    for (AudioCache tier : targets) {
      try {
        tier.put(key, audio);
      } catch (RuntimeException e) {
        LOG.warn("cache tier {} failed to store {}: {}", tier.tier(), key, e.toString());
      }
    }
  }

  private void count(AudioCache tier, Result result) {
    lookups.get(tier.tier()).get(result).increment();
  }
}
