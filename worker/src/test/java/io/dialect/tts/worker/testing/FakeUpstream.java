package io.dialect.tts.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A remote TTS API on real HTTP (fabric8 mock web server): answers every request with audio bytes
 * derived from its body after a short delay (so identical requests from different workers overlap),
 * counts calls per text (the JSON {@code text} field, or the whole body for SSML), and keeps every
 * request body for inspection.
 */
public final class FakeUpstream implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final Map<String, AtomicInteger> callsPerText = new ConcurrentHashMap<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusalsLeft = new AtomicInteger();
  private volatile int refusalStatus;

  public FakeUpstream(long delayMillis) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody().readUtf8();
        bodies.add(body);
        if (refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          // Like a careless vendor: the error page echoes the credentials it was sent.
          return new MockResponse().setResponseCode(refusalStatus)
              .setBody("refused credentials: " + request.getHeader("Authorization")
                  + request.getHeader("Ocp-Apim-Subscription-Key"));
        }
        String text = text(body);
        callsPerText.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
        sleep(delayMillis);
        return new MockResponse().setResponseCode(200).setBody(("ID3 audio of " + text).getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** The next {@code count} requests are refused with {@code status}, their body echoing the key sent. */
  public FakeUpstream refuseNext(int count, int status) {
    refusalStatus = status;
    refusalsLeft.set(count);
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public Map<String, AtomicInteger> callsPerText() {
    return callsPerText;
  }

  public int calls() {
    return bodies.size();
  }

  public List<String> bodies() {
    return bodies;
  }

  private static String text(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json.path("text").asText(body);
    } catch (IOException notJson) {
      return body;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
