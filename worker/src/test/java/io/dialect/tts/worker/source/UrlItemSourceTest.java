package io.dialect.tts.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.dialect.tts.api.v1alpha1.SourceFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A source read through a pre-signed URL (how a worker pod reads an S3 source) is streamed from the
 * HTTP body as the job goes: it neither waits for nor holds the whole object, however big it is.
 */
class UrlItemSourceTest {
  /** Far more than the sockets' and the HTTP client's buffers hold. */
  private static final int LINES = 400_000;
  private HttpServer server;

  @BeforeEach
  void serveALargeSource() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/large.jsonl", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < LINES; i++) {
          out.write(("{\"id\":\"item-" + i + "\",\"text\":\"第" + i + "句，老铁们好，唠唠嗑。\"}\n")
              .getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the reader went away early: what the early-close test does
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aSourceLargerThanEveryBufferIsReadToItsEnd() {
    long items = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (Stream<SourceEntry> entries = source("/large.jsonl").open()) {
        return entries.filter(entry -> entry instanceof SourceEntry.Item).count();
      }
    }, "the source stalled: its HTTP body was not streamed");

    assertThat(items).isEqualTo(LINES);
  }

  @Test
  void closingTheStreamEarlyReleasesTheSourceAtOnce() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      try (Stream<SourceEntry> entries = source("/large.jsonl").open()) {
        Iterator<SourceEntry> first = entries.iterator();
        assertThat(first.next().id()).isEqualTo("item-0");
      }
    }, "closing a half-read source must not wait for the rest of the object");
  }

  @Test
  void aMissingObjectIsAnInvalidSource() {
    assertThatThrownBy(() -> source("/missing.jsonl").open())
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("does not exist");
  }

  private UrlItemSource source(String path) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
    return new UrlItemSource(() -> url, "s3://bucket/team-a" + path, SourceFormat.JSONL);
  }
}
