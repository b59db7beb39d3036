package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway as a replicated Deployment. The vendor limits the account, not a replica: two replicas
 * called at once stay under its limit because they draw from one bucket in Redis. A replica's rolling
 * restart (SIGTERM, then a new pod) in the middle of a job loses no item and pays for none twice.
 */
@ExtendWith(E2eCluster.Extension.class)
class GatewayReplicasTest {
  /** Above the chart's rateLimit for the provider (20 per second, burst 2; e2e-values.yaml). */
  private static final int VENDOR_LIMIT = 25;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("replicas");
    cluster.vendor.requestsPerSecond(VENDOR_LIMIT);
  }

  @AfterAll
  static void vendorUnlimited() {
    cluster.vendor.requestsPerSecond(0);
  }

  @Test
  void twoReplicasCalledAtOnceStayUnderTheVendorsAccountLimit() throws Exception {
    List<ChartProcess> replicas = cluster.gateways();
    assertThat(replicas).hasSize(2);
    String token = team.token(team.parkedPod("pacer"), "tts-gateway");
    long refusedBefore = cluster.vendor.answered(429);

    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 80; i++) {
        // Straight to each replica in turn, as two Services' worth of callers would.
        ChartProcess replica = replicas.get(i % 2);
        String text = "replicas-pace-第" + i + "句";
        calls.add(threads.submit(() -> HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + replica.httpPort() + "/v1/synthesize"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"dialect\":\"dongbei\"}"))
            .build(), HttpResponse.BodyHandlers.ofString())));
      }
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-TTS-Provider")).as("served by the vendor, not the fallback")
            .hasValue("xiangyinge");
      }
    }
    assertThat(cluster.vendor.answered(429) - refusedBefore).as("429s from the vendor").isZero();
    assertThat(cluster.vendor.billedCharacters(t -> t.startsWith("replicas-pace-"))).isPositive();
  }

  @Test
  void aGatewayRestartedInTheMiddleOfAJobLosesNothingAndPaysForNothingTwice() throws Exception {
    int lines = 150;
    String source = IntStream.range(0, lines)
        .mapToObj(i -> "{\"id\": \"r-%03d\", \"text\": \"replicas-roll-第%d句，马上就好。\"}".formatted(i, i))
        .collect(Collectors.joining("\n"));
    team.createSource("lines", source);
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: rolling}
        spec:
          dialect: dongbei
          format: mp3
          source:
            configMapRef: {name: lines, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: rolling/}
        """);
    await().atMost(Duration.ofMinutes(2)).until(() -> {
      TTSJob job = team.job("rolling");
      return job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() >= 30;
    });

    ChartProcess leaving = cluster.gateways().get(0);
    leaving.sigterm();
    assertThat(leaving.awaitExit(Duration.ofSeconds(30))).as("the gateway drains and exits on SIGTERM").isPresent();
    cluster.startGateway();

    TTSJob done = team.awaitPhase("rolling", JobPhase.Succeeded, Duration.ofMinutes(4));
    assertThat(done.getStatus().getPhase()).as("conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    List<JsonNode> manifest = team.manifest("rolling");
    assertThat(manifest).hasSize(lines)
        .allSatisfy(line -> assertThat(line.get("status").asText()).isEqualTo("Succeeded"));
    Map<String, Long> billsPerText = cluster.vendor.billsPerText(t -> t.startsWith("replicas-roll-"));
    assertThat(billsPerText).as("every line billed").hasSize(lines)
        .allSatisfy((text, bills) -> assertThat(bills).as(text).isOne());
    assertThat(done.getStatus().getCharacters().getBilled()).as("status billed == vendor billed")
        .isEqualTo(cluster.vendor.billedCharacters(t -> t.startsWith("replicas-roll-")));
  }

}
