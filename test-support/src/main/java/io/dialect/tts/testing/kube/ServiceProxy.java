package io.dialect.tts.testing.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Service's virtual address as kube-proxy gives it, for pods of the process kubelet: a TCP port on
 * the host that spreads connections round-robin over the Service's current endpoints, skipping one
 * that refuses, and cuts the connections of an endpoint that goes away (as a pod's end does).
 */
public final class ServiceProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private final ServerSocket server;
  private final Supplier<List<InetSocketAddress>> endpoints;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean closed;

  private ServiceProxy(ServerSocket server, Supplier<List<InetSocketAddress>> endpoints) {
    this.server = server;
    this.endpoints = endpoints;
  }

  /**
   * @param bindHost  where pods reach it (the kubelet's host address)
   * @param endpoints the ready endpoints, asked on every connection
   */
  public static ServiceProxy start(String bindHost, Supplier<List<InetSocketAddress>> endpoints) {
    try {
      ServiceProxy proxy = new ServiceProxy(new ServerSocket(0, 256, InetAddress.getByName(bindHost)), endpoints);
      proxy.threads.submit(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://<bindHost>:<port>}: the Service's URL as pods use it. */
  public String url() {
    return "http://" + server.getInetAddress().getHostAddress() + ":" + port();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        threads.submit(() -> relay(client));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("service proxy on port {}: {}", port(), e.toString());
        }
      }
    }
  }

  private void relay(Socket client) {
    try (client; Socket backend = connect()) {
      if (backend == null) {
        return; // no endpoint: the caller sees the connection close, as with a Service without endpoints
      }
      threads.submit(() -> pipe(backend, client));
      pipe(client, backend);
    } catch (IOException e) {
      // One side went away: the other is closed with it.
    }
  }

  /** The next endpoint that accepts, round-robin; null when none does. */
  private Socket connect() {
    List<InetSocketAddress> ready = endpoints.get();
    int start = next.getAndIncrement();
    for (int i = 0; i < ready.size(); i++) {
      InetSocketAddress endpoint = ready.get(Math.floorMod(start + i, ready.size()));
      Socket socket = new Socket();
      try {
        socket.connect(endpoint, CONNECT_TIMEOUT_MILLIS);
        return socket;
      } catch (IOException e) {
        closeQuietly(socket);
      }
    }
    return null;
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // closed by the other direction or a peer
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    threads.shutdownNow();
  }
}
