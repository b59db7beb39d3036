package io.dialect.tts.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Service address pods use: connections spread over the endpoints, a gone endpoint is skipped. */
class ServiceProxyTest {
  private final List<Backend> backends = new ArrayList<>();
  private final List<InetSocketAddress> endpoints = new CopyOnWriteArrayList<>();
  private ServiceProxy proxy;

  @AfterEach
  void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    for (Backend backend : backends) {
      backend.close();
    }
  }

  /** A server that answers every connection with its name, then echoes what it reads. */
  private record Backend(String name, ServerSocket socket) implements AutoCloseable {
    static Backend start(String name) throws IOException {
      Backend backend = new Backend(name, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      Thread.ofVirtual().start(() -> {
        while (!backend.socket.isClosed()) {
          try {
            Socket client = backend.socket.accept();
            Thread.ofVirtual().start(() -> {
              try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                in.transferTo(out);
              } catch (IOException e) {
                // the client left
              }
            });
          } catch (IOException e) {
            return;
          }
        }
      });
      return backend;
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private Backend backend(String name) throws IOException {
    Backend backend = Backend.start(name);
    backends.add(backend);
    endpoints.add(backend.address());
    return backend;
  }

  /** The first line a new connection through the proxy reads; empty when the proxy closes it. */
  private String greeting() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      StringBuilder line = new StringBuilder();
      InputStream in = socket.getInputStream();
      for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
        line.append((char) b);
      }
      return line.toString();
    }
  }

  @Test
  void connectionsAlternateBetweenEndpointsAndBytesFlowBothWays() throws IOException {
    backend("a");
    backend("b");
    proxy = ServiceProxy.start("127.0.0.1", () -> endpoints);

    assertThat(List.of(greeting(), greeting(), greeting(), greeting())).containsExactlyInAnyOrder("a", "a", "b", "b");
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
      String answer = new String(socket.getInputStream().readNBytes(7), StandardCharsets.UTF_8);
      assertThat(answer).as("greeting, then the echo").matches("[ab]\nping\n");
    }
  }

  @Test
  void anEndpointThatRefusesIsSkipped() throws IOException {
    backend("a").close();
    backend("b");
    proxy = ServiceProxy.start("127.0.0.1", () -> endpoints);

    assertThat(List.of(greeting(), greeting(), greeting())).containsOnly("b");
  }

  @Test
  void withoutEndpointsTheConnectionIsClosed() throws IOException {
    proxy = ServiceProxy.start("127.0.0.1", List::of);

    assertThat(greeting()).isEmpty();
  }
}
