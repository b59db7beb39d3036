package io.dialect.tts.worker.dedup;

import io.dialect.tts.worker.cache.CacheKey;
import java.util.Optional;
import java.util.function.Supplier;

/** De-duplication within this process only: the local run, which has no Redis. */
public final class LocalRequestDeduplicator implements RequestDeduplicator {
  private final InProcessFlights flights = new InProcessFlights();

  @Override
  public <T> Deduplicated<T> deduplicate(CacheKey key, Supplier<Optional<T>> lookup, Supplier<T> produce) {
    // Looked up again inside the flight: an identical call may have finished since the caller's miss.
    return flights.run(key, () -> lookup.get()
        .map(Deduplicated::cached)
        .orElseGet(() -> Deduplicated.produced(produce.get())));
  }
}
