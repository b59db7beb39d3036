package io.dialect.tts.worker.dedup;

import io.dialect.tts.worker.cache.CacheKey;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes identical requests reach the upstream once: concurrent callers with the same key wait for
 * the one that produces, and take its result.
 */
public interface RequestDeduplicator {

  /**
   * The value for a key: found by {@code lookup}, shared from a concurrent identical call, or made
   * here by {@code produce} (only then does the caller pay for it).
   *
   * @param lookup  reads the shared cache; asked again whenever a peer may have finished
   * @param produce makes the value and, before returning, stores it where {@code lookup} finds it,
   *                so waiting peers can take it (a value deliberately not stored, such as degraded
   *                audio, simply makes the next peer produce its own)
   * @throws RuntimeException whatever {@code produce} threw; in-process joiners of that call get it too
   */
  <T> Deduplicated<T> deduplicate(CacheKey key, Supplier<Optional<T>> lookup, Supplier<T> produce);
}
