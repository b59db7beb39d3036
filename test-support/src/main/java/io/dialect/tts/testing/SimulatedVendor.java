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
 * The dialect vendor's API (DESIGN §5, the {@code xiangyinge} provider's default wire) on a real HTTP
 * port, with the faults a billed vendor has: a fixed latency, a rate limit per wall-clock second
 * answered with 429 and {@code Retry-After}, a share of 500s (seeded, so runs repeat), and an outage
 * switch (503 for everything). {@code POST /tts} answers with real audio (a short tone: MP3, or WAV/OGG
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
  private volatile boolean down;
  private long window = -1;
  private int admittedInWindow;

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

  /** How many requests got this status so far (200, 429, 500, 503, ...). */
  public long answered(int status) {
    return answers.getOrDefault(String.valueOf(status), new AtomicLong()).get();
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
      Thread.sleep(latencyMillis);
      if (fails()) {
        answer(exchange, 500, "application/json", bytes("{\"error\":\"injected\"}"));
        return;
      }
      String spoken = request.path("text").asText();
      byte[] sound = audio.getOrDefault(request.path("format").asText("mp3"), audio.get("mp3"));
      bills.add(new Bill(authorization.substring(7), spoken, spoken.codePointCount(0, spoken.length())));
      answer(exchange, 200, "audio/mpeg", sound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean admit() {
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

  private synchronized boolean fails() {
    return failureRate > 0 && random.nextDouble() < failureRate;
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
