package io.dialect.tts.worker.provider;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fabric8 mock web server that answers from a script of responses (the last one repeats) and
 * records every request with the moment it arrived, so tests can assert waits without timing themselves.
 */
final class ScriptedUpstream implements AutoCloseable {
  record Arrival(RecordedRequest request, long nanos) {
  }

  private final MockWebServer server = new MockWebServer();
  private final Deque<MockResponse> script = new ArrayDeque<>();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

  ScriptedUpstream() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(new Arrival(request, System.nanoTime()));
        synchronized (script) {
          return script.size() > 1 ? script.poll() : script.peek();
        }
      }
    });
    // IPv4 loopback on both sides: "localhost" may resolve to ::1 first, where another process may hold the port.
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  ScriptedUpstream then(MockResponse response) {
    synchronized (script) {
      script.add(response);
    }
    return this;
  }

  /** Forgets the script so far: from now on the upstream answers only this. */
  ScriptedUpstream always(int status, String body) {
    synchronized (script) {
      script.clear();
    }
    return then(status, body);
  }

  ScriptedUpstream then(int status, String body) {
    return then(new MockResponse().setResponseCode(status).setBody(body));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  List<Arrival> arrivals() {
    return arrivals;
  }

  int requestCount() {
    return arrivals.size();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
