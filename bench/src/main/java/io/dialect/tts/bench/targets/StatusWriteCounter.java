package io.dialect.tts.bench.targets;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TTSJob status writes the API server served, counted by the API server itself
 * ({@code apiserver_request_total} for {@code ttsjobs/status}, any writing verb), per interval, from a
 * thread that reads its {@code /metrics} at every interval's end.
 */
final class StatusWriteCounter {
  private static final Pattern STATUS_WRITES = Pattern.compile(
      "^apiserver_request_total\\{(?=[^}]*resource=\"ttsjobs\")(?=[^}]*subresource=\"status\")"
          + "(?=[^}]*verb=\"(?:PATCH|PUT|APPLY)\")[^}]*} ([0-9.e+]+)$", Pattern.MULTILINE);

  private final KubernetesClient admin;
  private final List<Double> perInterval = new ArrayList<>();
  private final Thread reader;

  StatusWriteCounter(KubernetesClient admin, int intervalSeconds) {
    this.admin = admin;
    double start = total();
    reader = Thread.ofPlatform().daemon().name("status-write-counter").start(() -> {
      double last = start;
      while (true) {
        try {
          Thread.sleep(intervalSeconds * 1_000L);
        } catch (InterruptedException e) {
          return;
        }
        double now = total();
        synchronized (perInterval) {
          perInterval.add(now - last);
        }
        last = now;
      }
    });
  }

  /** Stops counting; the writes of each whole interval so far. */
  List<Double> stop() throws InterruptedException {
    reader.interrupt();
    reader.join();
    synchronized (perInterval) {
      return List.copyOf(perInterval);
    }
  }

  private double total() {
    Matcher counter = STATUS_WRITES.matcher(admin.raw("/metrics"));
    double sum = 0;
    while (counter.find()) {
      sum += Double.parseDouble(counter.group(1));
    }
    return sum;
  }
}
