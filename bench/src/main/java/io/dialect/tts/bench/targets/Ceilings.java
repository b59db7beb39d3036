package io.dialect.tts.bench.targets;

import io.dialect.tts.testing.RedisServer;
import io.dialect.tts.testing.SimulatedVendor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ceilings each figure is compared with, measured on this machine in the same run. */
final class Ceilings {
  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("GET: ([0-9.]+) requests per second");

  private Ceilings() {
  }

  /**
   * What the vendor admits per second when asked as fast as it answers: 256 callers in a closed loop for
   * {@code duration}, counting 200s.
   */
  static double vendorLimit(SimulatedVendor vendor, Duration duration) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong served = new AtomicLong();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      int caller = i;
      callers.add(Thread.ofVirtual().start(() -> {
        long n = 0;
        while (System.nanoTime() < end) {
          HttpRequest request = HttpRequest.newBuilder(URI.create(vendor.baseUrl() + "/tts"))
              .header("Authorization", "Bearer ceiling-probe")
              .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"probe " + caller + "-" + n++ + "\"}"))
              .build();
          try {
            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                && System.nanoTime() < end) {
              served.incrementAndGet();
            }
          } catch (IOException e) {
            // counts as not served
          } catch (InterruptedException e) {
            return;
          }
        }
      }));
    }
    for (Thread caller : callers) {
      caller.join();
    }
    return served.get() / (duration.toNanos() / 1e9);
  }

  /** {@code redis-benchmark} GET of {@code valueBytes} values against the same Redis, 50 clients. */
  static double redisGet(RedisServer redis, int valueBytes) throws IOException, InterruptedException {
    Process benchmark = new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(redis.port()),
        "-a", redis.password(), "-t", "get", "-d", String.valueOf(valueBytes), "-n", "100000", "-c", "50", "-q")
        .redirectErrorStream(true).start();
    // The password on the command line is the throw-away one of this run's own Redis.
    String output;
    try (var in = benchmark.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    benchmark.waitFor();
    Matcher rate = REQUESTS_PER_SECOND.matcher(output.replace('\r', '\n'));
    double last = Double.NaN;
    while (rate.find()) {
      last = Double.parseDouble(rate.group(1));
    }
    if (Double.isNaN(last)) {
      throw new IllegalStateException("redis-benchmark printed no GET rate: " + output);
    }
    return last;
  }

  /**
   * Files of {@code bytes} written per second the way the worker's sink writes audio (a temporary file
   * beside it, moved into place), by 4 threads for {@code duration}.
   */
  static double diskWrites(Path dir, int bytes, Duration duration) throws InterruptedException, IOException {
    Files.createDirectories(dir);
    byte[] content = new byte[bytes];
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong written = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int writer = i;
      writers.add(Thread.ofPlatform().start(() -> {
        long n = 0;
        try {
          while (System.nanoTime() < end) {
            Path target = dir.resolve("w" + writer + "-" + n++ + ".mp3");
            Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written.incrementAndGet();
          }
        } catch (IOException e) {
          throw new IllegalStateException("cannot write to " + dir, e);
        }
      }));
    }
    for (Thread writer : writers) {
      writer.join();
    }
    DataPathRig.delete(dir);
    return written.get() / (duration.toNanos() / 1e9);
  }
}
