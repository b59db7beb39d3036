package io.dialect.tts.client;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A stand-in for the synthesis gateway on real HTTP (fabric8 mock web server): answers from a script
 * (the last answer repeats) and records every request with the moment it arrived, so tests can assert
 * waits without timing themselves.
 */
public final class ScriptedGateway implements AutoCloseable {
  /** A request as the gateway received it, and when. */
  public record Arrival(RecordedRequest request, long nanos) {
    /** The {@code Authorization} header as sent. */
    public String authorization() {
      return request.getHeader("Authorization");
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final Deque<Supplier<MockResponse>> script = new ArrayDeque<>();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

  public ScriptedGateway() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(new Arrival(request, System.nanoTime()));
        Supplier<MockResponse> answer;
        synchronized (script) {
          answer = script.size() > 1 ? script.poll() : script.peek();
        }
        return answer == null ? new MockResponse().setResponseCode(500).setBody("no answer scripted") : answer.get();
      }
    });
    // IPv4 loopback on both sides: "localhost" may resolve to ::1 first, where another process may hold the port.
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** Appends an answer to the script. */
  public ScriptedGateway then(MockResponse response) {
    return then(() -> response);
  }

  /** Appends an answer computed when its request arrives (e.g. to rotate the token file meanwhile). */
  public ScriptedGateway then(Supplier<MockResponse> response) {
    synchronized (script) {
      script.add(response);
    }
    return this;
  }

  /** A 200 with audio and the gateway's headers: synthesized by {@code provider} (null: served from {@code cacheTier}). */
  public static MockResponse audio(byte[] audio, String contentType, String provider, String cacheTier, long billedCharacters) {
    MockResponse response = new MockResponse().setResponseCode(200).setBody(audio)
        .setHeader("Content-Type", contentType)
        .setHeader("X-TTS-Request-Id", "req-" + billedCharacters)
        .setHeader("X-TTS-Cache-Tier", cacheTier)
        .setHeader("X-TTS-Billed-Characters", billedCharacters)
        .setHeader("X-TTS-Degraded", "false");
    return provider == null ? response : response.setHeader("X-TTS-Provider", provider);
  }

  /** A 200 with a few bytes of MP3 from the provider {@code xiangyinge}, billed 4 characters. */
  public static MockResponse mp3() {
    return audio("ID3 mp3".getBytes(StandardCharsets.UTF_8), "audio/mpeg", "xiangyinge", "none", 4);
  }

  /** The gateway's JSON error answer. */
  public static MockResponse error(int status, String code, String message) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  public List<Arrival> arrivals() {
    return arrivals;
  }

  public int requestCount() {
    return arrivals.size();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
