package io.dialect.tts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package) on a free loopback port, in a temp directory, for
 * one test class, optionally requiring a password. It persists as a production Redis should (append-only
 * file), so tests can {@link #stop()} and {@link #start()} it again to simulate an outage that loses
 * nothing, or {@link #restartEmpty()} to simulate one that loses everything; the port stays the same so
 * clients reconnect.
 */
public final class RedisServer implements AutoCloseable {
  private static final String BINARY = System.getenv().getOrDefault("REDIS_SERVER_BIN", "redis-server");

  private final int port;
  private final Path dir;
  private final String password;
  private Process process;

  private RedisServer(int port, Path dir, String password) {
    this.port = port;
    this.dir = dir;
    this.password = password;
  }

  /** Starts a fresh server on loopback; fails with a clear message when redis-server is not installed. */
  public static RedisServer start(String name) {
    return start(name, null);
  }

  /** Starts a fresh server on loopback that admits only clients giving {@code password} (null: none). */
  public static RedisServer start(String name, String password) {
    try {
      RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-" + name), password);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    Path conf = dir.resolve("redis.conf");
    try {
      // The password goes in a file, not on the command line where ps would show it.
      Files.writeString(conf, password == null ? "" : "requirepass " + password + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = List.of(BINARY, conf.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "everysec");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + BINARY + " (install the Debian package redis-server): "
          + e.getMessage(), e);
    }
    awaitPort(true);
  }

  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    awaitPort(false);
  }

  /** Stops the server, deletes its data files and starts it again: a Redis that lost everything. */
  public synchronized void restartEmpty() {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(dir))
          .filter(path -> !path.getFileName().toString().equals("redis.log")).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  public int port() {
    return port;
  }

  /** A lettuce-style URI, e.g. redis://127.0.0.1:6390. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The password clients must give, or null. */
  public String password() {
    return password;
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitPort(boolean open) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (Instant.now().isBefore(deadline)) {
      if (isOpen() == open) {
        return;
      }
      if (open && process != null && !process.isAlive()) {
        throw new IllegalStateException("redis-server exited; see " + dir.resolve("redis.log"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("redis-server port " + port + " did not become " + (open ? "open" : "closed"));
  }

  private boolean isOpen() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
