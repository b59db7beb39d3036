package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application's steady trickle of calls ({@code POST /v1/synthesize} with a pod-bound token, fresh texts so
 * no cache answers), sent to each gateway replica on its own: every replica has its own circuit breakers, and
 * a call is what moves an open breaker on. It tells when the platform serves the vendor's audio again.
 */
final class GatewayProbe {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final E2eCluster cluster;
  private final Team team;
  private final AtomicInteger callers = new AtomicInteger();
  private volatile String token;
  private final String textPrefix;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile String lastAnswer = "no call yet";

  /** @param textPrefix what the probe's texts start with (their bills are the probe's, not a job's) */
  GatewayProbe(E2eCluster cluster, Team team, String textPrefix) {
    this.cluster = cluster;
    this.team = team;
    this.textPrefix = textPrefix;
  }

  /**
   * A token of a fresh caller pod. The pod is bound to a node that does not exist, so the controller manager's
   * pod garbage collector deletes it within a minute or so, and with it the token's validity.
   */
  private void newCaller() {
    token = team.token(team.parkedPod("recovery-probe-" + callers.incrementAndGet()), "tts-gateway");
  }

  /**
   * The provider that served one fresh text through this replica; empty when it did not answer 200 (what it
   * answered instead is kept for the failure message).
   */
  Optional<String> provider(ChartProcess gateway) {
    String text = textPrefix + calls.incrementAndGet() + "，还在吗？";
    if (token == null) {
      newCaller();
    }
    try {
      HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + gateway.httpPort() + "/v1/synthesize"))
          .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"dialect\":\"dongbei\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      Optional<String> provider = answer.statusCode() == 200 ? answer.headers().firstValue("X-TTS-Provider")
          : Optional.empty();
      lastAnswer = gateway.name() + ": " + answer.statusCode() + " " + provider.orElse(answer.body());
      if (answer.statusCode() == 401) {
        newCaller();
      }
      return provider;
    } catch (IOException e) {
      lastAnswer = gateway.name() + ": " + e;
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Probes every replica (one call each, twice a second) until each has answered with the vendor's audio;
   * then waits until their breakers are closed, so what runs next starts from a healthy chain.
   *
   * @return from {@code since} until the last replica answered with the vendor's audio
   */
  Duration awaitVendorOnEveryReplica(Instant since, Duration timeout) {
    Set<String> recovered = new HashSet<>();
    Instant[] lastRecovered = {since};
    await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (ChartProcess gateway : cluster.gateways()) {
        if (!recovered.contains(gateway.name()) && provider(gateway).filter("xiangyinge"::equals).isPresent()) {
          recovered.add(gateway.name());
          lastRecovered[0] = Instant.now();
        }
      }
      assertThat(recovered).as("replicas that served the vendor's audio; the last answer was %s", lastAnswer)
          .containsAll(cluster.gateways().stream().map(ChartProcess::name).toList());
    });
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
        .until(() -> cluster.gateways().stream().allMatch(ChartProcess::breakersClosed));
    return Duration.between(since, lastRecovered[0]);
  }
}
