package io.dialect.tts.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many threads reserving items of random sizes against one ledger, all released at once. With
 * {@code fillToTheBrim}, each thread afterwards reserves single characters until one is refused: it
 * then stops only when the window holds exactly the limit, so the granted sum must equal the limit.
 */
final class ReservationLoad {
  static final int MAX_ITEM = 200;
  /** Bounds the fill, so a ledger that ignores its limit fails the test instead of hanging it. */
  private static final int MAX_FILL = 100_000;

  private ReservationLoad() {
  }

  /** Runs the load and returns the characters granted (and committed) over all threads. */
  static long run(QuotaLedger ledger, String namespace, int threads, int itemsPerThread, long seed,
      boolean fillToTheBrim) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> granted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random sizes = new Random(seed + t);
        Callable<Long> reserving = () -> {
          start.await();
          long sum = 0;
          for (int i = 0; i < itemsPerThread; i++) {
            sum += reserveAndCommit(ledger, namespace, 1 + sizes.nextInt(MAX_ITEM));
          }
          if (fillToTheBrim) {
            for (int i = 0; i < MAX_FILL && reserveAndCommit(ledger, namespace, 1) > 0; i++) {
              sum++;
            }
          }
          return sum;
        };
        granted.add(pool.submit(reserving));
      }
      long total = 0;
      for (Future<Long> future : granted) {
        total += future.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Total characters the items of {@link #run} ask for, without the fill. */
  static long demand(int threads, int itemsPerThread, long seed) {
    long demand = 0;
    for (int t = 0; t < threads; t++) {
      Random sizes = new Random(seed + t);
      for (int i = 0; i < itemsPerThread; i++) {
        demand += 1 + sizes.nextInt(MAX_ITEM);
      }
    }
    return demand;
  }

  private static long reserveAndCommit(QuotaLedger ledger, String namespace, int characters) {
    return switch (ledger.reserve(namespace, characters)) {
      case Reservation r -> {
        ledger.commit(r);
        yield characters;
      }
      case Refused refused -> {
        if (refused.reason() != RefusalReason.QUOTA_EXCEEDED) {
          throw new AssertionError("unexpected refusal: " + refused);
        }
        yield 0;
      }
    };
  }
}
