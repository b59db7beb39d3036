package io.dialect.tts.worker.dedup;

import io.dialect.tts.worker.cache.CacheKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** One running computation per key in this process; callers arriving meanwhile wait for it. */
final class InProcessFlights {
  private final ConcurrentHashMap<CacheKey, CompletableFuture<Deduplicated<?>>> running = new ConcurrentHashMap<>();

  <T> Deduplicated<T> run(CacheKey key, Supplier<Deduplicated<T>> work) {
    CompletableFuture<Deduplicated<?>> mine = new CompletableFuture<>();
    CompletableFuture<Deduplicated<?>> theirs = running.putIfAbsent(key, mine);
    if (theirs != null) {
      return Deduplicated.joined(valueOf(theirs));
    }
    try {
      Deduplicated<T> result = work.get();
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  // Every caller of a key asks for the same type: a key is the hash of one kind of request.
  @SuppressWarnings("unchecked")
  private static <T> T valueOf(CompletableFuture<Deduplicated<?>> flight) {
    try {
      return (T) flight.join().value();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
