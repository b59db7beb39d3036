package io.dialect.tts.worker.shard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.gateway.GatewayApi;
import io.dialect.tts.worker.gateway.GatewayApi.ItemResultLine;
import io.dialect.tts.worker.source.SourceItem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shard's batching against a gateway's items endpoint on real HTTP (a stand-in that answers each
 * item at once, except those it holds, as the gateway does while a vendor call hangs until its timeout).
 */
class GatewaySynthesizerTest {
  private static final int CONCURRENCY = 8;
  private static final int ITEMS = 60;
  /** Two held items, far enough apart to land in different batches. */
  private static final List<Integer> HELD = List.of(0, 30);
  private final CountDownLatch releaseHungItem = new CountDownLatch(1);
  private HttpServer gateway;

  @TempDir
  Path dir;

  @BeforeEach
  void startGateway() throws IOException {
    gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    gateway.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    gateway.createContext(GatewayApi.SHARD_ITEMS, exchange -> {
      JsonNode items = GatewayApi.JSON.readTree(exchange.getRequestBody()).path("items");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        List<String> held = new ArrayList<>();
        for (JsonNode item : items) {
          if (item.path("text").asText().equals("hangs")) {
            held.add(item.path("id").asText());
          } else {
            answer(out, item.path("id").asText());
          }
        }
        for (String id : held) {
          releaseHungItem.await(30, TimeUnit.SECONDS);
          answer(out, id);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    gateway.start();
  }

  @AfterEach
  void stopGateway() {
    releaseHungItem.countDown();
    gateway.stop(0);
  }

  @Test
  void itemsTheGatewayHoldsDoNotHoldTheOthers() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "pod-token");
    try (GatewayClient client = new GatewayClient(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort()),
             token, Duration.ofSeconds(30));
         GatewaySynthesizer synthesizer = new GatewaySynthesizer(client, CONCURRENCY, 20);
         ExecutorService itemThreads = Executors.newFixedThreadPool(CONCURRENCY)) {
      // As the shard runner does: CONCURRENCY item threads, each taking the next item when its last one ends.
      List<Future<SynthesisOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        SourceItem item = new SourceItem("item-" + i, HELD.contains(i) ? "hangs" : "line " + i);
        outcomes.add(itemThreads.submit(() -> synthesizer.synthesize(item)));
      }

      for (int i = 0; i < ITEMS; i++) {
        if (!HELD.contains(i)) {
          assertThat(outcomes.get(i).get(20, TimeUnit.SECONDS)).as("item %d ends while the held ones wait", i)
              .isInstanceOf(SynthesisOutcome.Synthesized.class);
        }
      }
      for (int held : HELD) {
        assertThat(outcomes.get(held)).as("held item %d is still waiting", held).isNotDone();
      }
      releaseHungItem.countDown();
      for (int held : HELD) {
        assertThat(outcomes.get(held).get(20, TimeUnit.SECONDS)).isInstanceOf(SynthesisOutcome.Synthesized.class);
      }
    }
  }

  private static void answer(OutputStream out, String id) throws IOException {
    out.write(GatewayApi.JSON.writeValueAsBytes(new ItemResultLine(id, "Succeeded", null, null, 3, "xiangyinge",
        "none", false, "dongbei", "dongbei-female", "mp3", new byte[] {'I', 'D', '3'})));
    out.write('\n');
    out.flush();
  }
}
