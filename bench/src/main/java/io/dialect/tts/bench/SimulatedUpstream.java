package io.dialect.tts.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dialect vendor's {@code POST /tts} on loopback (JDK HTTP server, a virtual thread per
 * request): each admitted request is answered with the same audio bytes after a fixed latency;
 * above {@code requestsPerSecond} (counted per wall-clock second) it answers 429 with
 * {@code Retry-After: 1} at once, as a rate-limited vendor does.
 */
final class SimulatedUpstream implements AutoCloseable {
  /** About the size of a short sentence of MP3; starts like an MP3 with an ID3 tag. */
  private static final byte[] AUDIO = audio(8 * 1024);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final long latencyMillis;
  private final int requestsPerSecond;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private long window = -1;
  private int admittedInWindow;

  SimulatedUpstream(long latencyMillis, int requestsPerSecond) throws IOException {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
    // ACK: about 40 ms added to every answer, which measured the simulator rather than the worker.
    // Read once, when the first server in this JVM starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.latencyMillis = latencyMillis;
    this.requestsPerSecond = requestsPerSecond;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(executor);
    server.createContext("/tts", this::answer);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests answered with audio so far. */
  long served() {
    return served.get();
  }

  /** Requests refused with 429 so far. */
  long refused() {
    return refused.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!admit()) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().add("Retry-After", "1");
        exchange.sendResponseHeaders(429, -1);
        return;
      }
      Thread.sleep(latencyMillis);
      served.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "audio/mpeg");
      exchange.sendResponseHeaders(200, AUDIO.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(AUDIO);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean admit() {
    long second = System.nanoTime() / 1_000_000_000L;
    if (second != window) {
      window = second;
      admittedInWindow = 0;
    }
    return ++admittedInWindow <= requestsPerSecond;
  }

  private static byte[] audio(int size) {
    byte[] audio = new byte[size];
    Arrays.fill(audio, (byte) 0x55);
    byte[] tag = "ID3".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tag, 0, audio, 0, tag.length);
    return audio;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
