package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The vendor misbehaves while a job runs: one request in ten fails with 500, then it is down for 20 s.
 * Retries absorb the 500s; during the outage the local engine stands in. The job still succeeds, and
 * says it was degraded (condition, Event, manifest marks).
 */
@ExtendWith(E2eCluster.Extension.class)
class VendorFaultsTest {
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("faults");
  }

  /**
   * Once the vendor answers again, the breakers the outage opened close and new jobs are the vendor's
   * again. Breakers stay open until a call probes them, so small jobs probe every gateway replica; the
   * tests after this one then start from a healthy chain.
   */
  @AfterEach
  void vendorServesAgainAfterItRecovers() {
    cluster.vendor.failureRate(0).outage(false).latencyMillis(0);
    AtomicInteger probe = new AtomicInteger();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      String name = "after-" + probe.incrementAndGet();
      team.apply("""
          apiVersion: tts.dialect.io/v1alpha1
          kind: TTSJob
          metadata: {name: %s}
          spec:
            dialect: dongbei
            format: mp3
            items:
              - {id: a, text: "faults-%s，第一句。"}
              - {id: b, text: "faults-%s，第二句。"}
            output:
              pvc: {claimName: audio, path: %s/}
          """.formatted(name, name, name, name));
      team.awaitPhase(name, JobPhase.Succeeded, Duration.ofMinutes(2));
      return team.manifest(name).stream().allMatch(line -> line.get("provider").asText().equals("xiangyinge"))
          && cluster.gateways().stream().allMatch(ChartProcess::breakersClosed);
    });
  }

  @Test
  void errorsAndAnOutageEndSucceededAndDegradedWhereTheFallbackServed() throws Exception {
    String lines = IntStream.range(0, 800)
        .mapToObj(i -> "{\"id\": \"f-%04d\", \"text\": \"faults-第%d句，老铁。\"}".formatted(i, i))
        .collect(Collectors.joining("\n"));
    team.createSource("lines", lines);
    cluster.vendor.failureRate(0.10).latencyMillis(150);

    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: stormy}
        spec:
          # espeak has no Northeastern voice: it stands in only as the (degraded) local fallback.
          dialect: dongbei
          format: mp3
          parallelism: 1
          source:
            configMapRef: {name: lines, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: stormy/}
        """);
    team.awaitSucceeded("stormy", 51);
    cluster.vendor.outage(true);
    Thread.sleep(20_000);
    cluster.vendor.outage(false);

    TTSJob done = team.awaitPhase("stormy", JobPhase.Succeeded, Duration.ofMinutes(5));

    assertThat(done.getStatus().getPhase()).as("conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    assertThat(done.getStatus().getSucceeded()).isEqualTo(800);
    assertThat(done.getStatus().getProviders()).containsKeys("xiangyinge", "espeak");
    assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo(ConditionTypes.DEGRADED);
      assertThat(c.isTrue()).isTrue();
    });
    assertThat(team.events("stormy")).extracting(Event::getReason).contains("Degraded");
    List<JsonNode> manifest = team.manifest("stormy");
    assertThat(manifest).hasSize(800).allSatisfy(line -> assertThat(line.get("status").asText()).isEqualTo("Succeeded"));
    long degraded = manifest.stream().filter(line -> line.get("degraded").asBoolean()).count();
    assertThat(degraded).as("items the fallback served are marked degraded")
        .isEqualTo(done.getStatus().getProviders().get("espeak")).isPositive();
    assertThat(cluster.vendor.answered(500)).as("the vendor did fail requests").isPositive();
    assertThat(done.getStatus().getCharacters().getBilled())
        .isEqualTo(cluster.vendor.billedCharacters(t -> t.startsWith("faults-")));
  }
}
