package io.dialect.tts.worker.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that accepts each connection, reads the start of the request and resets the
 * connection without answering. The fabric8 mock server (Vert.x based) has no socket policy for
 * this, so a bare socket plays the broken peer.
 */
final class DroppingUpstream implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();

  DroppingUpstream() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().start(this::serve);
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        connections.incrementAndGet();
        client.getInputStream().read(new byte[256]);
        client.setSoLinger(true, 0); // close with RST: "connection reset" on the client
      } catch (IOException closed) {
        return;
      }
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
