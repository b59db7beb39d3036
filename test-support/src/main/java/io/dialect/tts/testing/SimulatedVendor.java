package io.dialect.tts.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The dialect vendor's API (docs/architecture.md, Providers: the {@code xiangyinge} provider's default wire) on a real HTTP
 * port, with the faults a billed vendor has: a fixed latency, a rate limit (per wall-clock second, or a
 * token bucket) answered with 429 and {@code Retry-After}, a share of 500s and of requests that never
 * answer (seeded, so runs repeat), and an outage switch (503 for everything). {@code POST /tts} answers with real audio (a short tone: MP3, or WAV/OGG
 * when the request's {@code format} asks) and bills the text's characters to the bearer key; the bills
 * are kept so tests compare what the vendor charged with what the product reports.
 */
public final class SimulatedVendor implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, byte[]> audio = Map.of("mp3", resource("vendor.mp3"), "wav", resource("vendor.wav"),
      "ogg", resource("vendor.ogg"));
  private final List<Bill> bills = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
  private final Random random;
  private volatile long latencyMillis;
  private volatile int requestsPerSecond;
  private volatile double failureRate;
  private volatile double hangRate;
  private volatile long hangMillis = 60_000;
  private volatile boolean down;
  private volatile int answerBytes;
  private long window = -1;
  private int admittedInWindow;
  private double bucketRate;
  private double bucketCapacity;
  private double bucketTokens;
  private long bucketRefilledAt;

  /** One billed synthesis: the key it was billed to, the text, its characters (code points). */
  public record Bill(String key, String text, long characters) {
  }

  private SimulatedVendor(InetSocketAddress address, long seed) throws IOException {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
    // ACK: about 40 ms added to every answer. Read once, when the first server in this JVM starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.random = new Random(seed);
    server = HttpServer.create(address, 256);
    server.setExecutor(executor);
    server.createContext("/tts", this::synthesize);
    server.createContext("/health", exchange -> answer(exchange, down ? 503 : 200, "text/plain", bytes("ok")));
    server.createContext("/voices", exchange -> answer(exchange, down ? 503 : 200, "application/json", bytes("[]")));
    server.start();
  }

  /** On a free loopback port. */
  public static SimulatedVendor start() {
    return start(InetAddress.getLoopbackAddress().getHostAddress());
  }

  /** On a free port of {@code host} (e.g. {@code 0.0.0.0} so pods in their own network reach it). */
  public static SimulatedVendor start(String host) {
    try {
      return new SimulatedVendor(new InetSocketAddress(host, 0), 42);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the simulated vendor", e);
    }
  }

  /** The base URL as seen from {@code host} (the address clients use to reach this machine). */
  public String baseUrl(String host) {
    return "http://" + host + ":" + server.getAddress().getPort();
  }

  public String baseUrl() {
    return baseUrl("127.0.0.1");
  }

  public SimulatedVendor latencyMillis(long millis) {
    this.latencyMillis = millis;
    return this;
  }

  /** Requests admitted per wall-clock second; the rest get 429 with {@code Retry-After: 1}. 0: no limit. */
  public SimulatedVendor requestsPerSecond(int limit) {
    this.requestsPerSecond = limit;
    return this;
  }

  /**
   * A token bucket instead of the per-second window: {@code perSecond} tokens a second, at most
   * {@code burst} saved up; a request finding no token gets 429 with {@code Retry-After: 1}. 0: no limit.
   */
  public synchronized SimulatedVendor tokenBucket(int perSecond, int burst) {
    this.requestsPerSecond = 0;
    this.bucketRate = perSecond;
    this.bucketCapacity = burst;
    this.bucketTokens = burst;
    this.bucketRefilledAt = System.nanoTime();
    return this;
  }

  /** MP3 answers grow to at least this many bytes (whole copies of the tone, still one playable stream). */
  public SimulatedVendor answerBytes(int size) {
    this.answerBytes = size;
    return this;
  }

  /**
   * The share of admitted requests the vendor takes and never answers: the connection stays silent for
   * {@code millis} and is then closed. Nothing is billed for them (the vendor did no work).
   */
  public SimulatedVendor hangs(double share, long millis) {
    this.hangRate = share;
    this.hangMillis = millis;
    return this;
  }

  /** The share of admitted synthesis requests answered 500 (seeded random). */
  public SimulatedVendor failureRate(double share) {
    this.failureRate = share;
    return this;
  }

  /** An outage: every request is answered 503 until it ends. */
  public SimulatedVendor outage(boolean on) {
    this.down = on;
    return this;
  }

  /** How many requests got this status so far (200, 429, 500, 503, ...); {@code "hung"} counts the unanswered. */
  public long answered(int status) {
    return answered(String.valueOf(status));
  }

  public long answered(String status) {
    return answers.getOrDefault(status, new AtomicLong()).get();
  }

  public List<Bill> bills() {
    return List.copyOf(bills);
  }

  /** Characters billed for the texts that match (e.g. a test's own texts). */
  public long billedCharacters(Predicate<String> text) {
    return bills.stream().filter(b -> text.test(b.text())).mapToLong(Bill::characters).sum();
  }

  /** How often each matching text was billed: more than once means paid twice. */
  public Map<String, Long> billsPerText(Predicate<String> text) {
    Map<String, Long> counts = new ConcurrentHashMap<>();
    bills.stream().filter(b -> text.test(b.text())).forEach(b -> counts.merge(b.text(), 1L, Long::sum));
    return counts;
  }

  private void synthesize(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod())) {
        answer(exchange, 405, "text/plain", bytes("POST only"));
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      JsonNode request = parse(body);
      if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
        answer(exchange, 401, "application/json", bytes("{\"error\":\"missing key\"}"));
        return;
      }
      if (!request.path("text").isTextual()) {
        answer(exchange, 400, "application/json", bytes("{\"error\":\"no text\"}"));
        return;
      }
      if (down) {
        answer(exchange, 503, "application/json", bytes("{\"error\":\"outage\"}"));
        return;
      }
      if (!admit()) {
        exchange.getResponseHeaders().add("Retry-After", "1");
        answer(exchange, 429, "application/json", bytes("{\"error\":\"rate limited\"}"));
        return;
      }
      if (draw(hangRate)) {
        answers.computeIfAbsent("hung", h -> new AtomicLong()).incrementAndGet();
        Thread.sleep(hangMillis);
        return;
      }
      Thread.sleep(latencyMillis);
      if (draw(failureRate)) {
        answer(exchange, 500, "application/json", bytes("{\"error\":\"injected\"}"));
        return;
      }
      String spoken = request.path("text").asText();
      byte[] sound = audio.getOrDefault(request.path("format").asText("mp3"), audio.get("mp3"));
      if (sound == audio.get("mp3")) {
        sound = padded(sound);
      }
      bills.add(new Bill(authorization.substring(7), spoken, spoken.codePointCount(0, spoken.length())));
      answer(exchange, 200, "audio/mpeg", sound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean admit() {
    if (bucketRate > 0) {
      long now = System.nanoTime();
      bucketTokens = Math.min(bucketCapacity, bucketTokens + (now - bucketRefilledAt) * bucketRate / 1e9);
      bucketRefilledAt = now;
      if (bucketTokens < 1) {
        return false;
      }
      bucketTokens -= 1;
      return true;
    }
    if (requestsPerSecond <= 0) {
      return true;
    }
    long second = System.nanoTime() / 1_000_000_000L;
    if (second != window) {
      window = second;
      admittedInWindow = 0;
    }
    return ++admittedInWindow <= requestsPerSecond;
  }

  private synchronized boolean draw(double share) {
    return share > 0 && random.nextDouble() < share;
  }

  private byte[] padded(byte[] tone) {
    int size = answerBytes;
    if (size <= tone.length) {
      return tone;
    }
    int copies = (size + tone.length - 1) / tone.length;
    byte[] out = new byte[copies * tone.length];
    for (int i = 0; i < copies; i++) {
      System.arraycopy(tone, 0, out, i * tone.length, tone.length);
    }
    return out;
  }

  private void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    answers.computeIfAbsent(String.valueOf(status), s -> new AtomicLong()).incrementAndGet();
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = SimulatedVendor.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
