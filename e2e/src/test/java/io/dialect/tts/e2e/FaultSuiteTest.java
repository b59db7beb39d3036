package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.e2e.ReliabilityReport.Row;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault suite of issue 12: one small job per fault, the fault injected mid-job, then what a user relies
 * on is measured and asserted: no valid item lost, no error body stored as audio, nothing paid twice, and
 * how long the platform took to recover. Each scenario records its row of {@code docs/reliability.md}
 * ({@link ReliabilityReport}) before it asserts.
 */
@ExtendWith({E2eCluster.Extension.class, ReliabilityReport.class})
@TestMethodOrder(MethodOrderer.DisplayName.class)
class FaultSuiteTest {
  /** The gateway's provider request timeout (worker Timeouts.DEFAULT; e2e-values.yaml sets none). */
  private static final Duration PROVIDER_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The breakers' open period (worker CircuitBreakerSettings.DEFAULT): an open breaker probes again after it. */
  private static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(30);
  static E2eCluster cluster;

  @AfterEach
  void vendorBehavesAgain() {
    cluster.vendor.failureRate(0).hangs(0, 0).outage(false).latencyMillis(0);
  }

  @Test
  @DisplayName("1 vendor answers 30 % of calls with 5xx and never answers 5 %")
  void vendorErrorsAndTimeoutsDuringAJobLoseNothingAndPayNothingTwice() throws Exception {
    Team team = cluster.team("fault-errors");
    Map<String, String> items = validItems("errors-", 120);
    team.createSource("lines", jsonl(items));
    long errorsBefore = cluster.vendor.answered(500);
    long hungBefore = cluster.vendor.answered("hung");
    // Held 10 s past the gateway's request timeout: the gateway gives up first, as with a vendor that hangs.
    cluster.vendor.latencyMillis(50).failureRate(0.30).hangs(0.05, PROVIDER_REQUEST_TIMEOUT.plusSeconds(10).toMillis());
    applySourceJob(team, "flaky", "dongbei", 2, 0);

    TTSJob done = team.awaitPhase("flaky", JobPhase.Succeeded, Duration.ofMinutes(6));
    cluster.vendor.failureRate(0).hangs(0, 0);
    Instant faultsEnd = Instant.now();
    Duration recovery = new GatewayProbe(cluster, team, "probe-errors-")
        .awaitVendorOnEveryReplica(faultsEnd, Duration.ofMinutes(2));

    ScenarioOutcome outcome = ScenarioOutcome.measure(team, cluster.vendor, "flaky", items, "errors-");
    long errors = cluster.vendor.answered(500) - errorsBefore;
    long hung = cluster.vendor.answered("hung") - hungBefore;
    ReliabilityReport.record("1", Row.of("vendor: 30 % 5xx + 5 % timeouts for the whole job", outcome,
        Optional.of(recovery), ran(done) + "; " + note("%d × 500 and %d calls never answered (timed out "
            + "after %d s); %d items degraded (espeak, while a breaker was open); %s. Recovery: faults off → every "
            + "gateway replica serves the vendor's audio again", errors, hung, PROVIDER_REQUEST_TIMEOUT.toSeconds(),
            outcome.degraded(), billedTwiceNote(outcome))));

    assertJobSucceeded(done);
    assertNothingLostNoErrorBodyNothingPaidTwice(outcome);
    assertThat(errors).as("the vendor did answer 500s").isPositive();
    assertThat(hung).as("the vendor did leave calls unanswered").isPositive();
  }

  @Test
  @DisplayName("2 vendor down for 60 s mid-job")
  void aSixtySecondVendorOutageIsRiddenOutByTheFallbackAndTheVendorServesAgainAfterIt() throws Exception {
    Team team = cluster.team("fault-outage");
    Map<String, String> items = validItems("outage-", 300);
    team.createSource("lines", jsonl(items));
    cluster.vendor.latencyMillis(50);
    applySourceJob(team, "outage", "dongbei", 2, 0);
    team.awaitSucceeded("outage", 40);
    GatewayProbe probe = new GatewayProbe(cluster, team, "probe-outage-");
    assertMidJob("outage-", items.size());

    cluster.vendor.outage(true);
    Thread.sleep(Duration.ofSeconds(60));
    cluster.vendor.outage(false);
    Instant outageEnd = Instant.now();
    Duration recovery = probe.awaitVendorOnEveryReplica(outageEnd, Duration.ofMinutes(2));
    TTSJob done = team.awaitPhase("outage", JobPhase.Succeeded, Duration.ofMinutes(5));

    ScenarioOutcome outcome = ScenarioOutcome.measure(team, cluster.vendor, "outage", items, "outage-");
    ReliabilityReport.record("2", Row.of("vendor down (503) for 60 s mid-job", outcome, Optional.of(recovery),
        ran(done) + "; " + note("%d items degraded (espeak stood in), the rest the vendor's; %s. Recovery: "
            + "outage end → every gateway replica serves the vendor's audio again (an open breaker probes after "
            + "%d s)", outcome.degraded(), billedTwiceNote(outcome), BREAKER_OPEN_FOR.toSeconds())));

    assertJobSucceeded(done);
    assertNothingLostNoErrorBodyNothingPaidTwice(outcome);
    assertThat(outcome.degraded()).as("the fallback served items during the outage").isPositive();
    assertThat(done.getStatus().getConditions()).as("the job says it was degraded")
        .anySatisfy(c -> assertThat(c.getType().equals(ConditionTypes.DEGRADED) && c.isTrue()).isTrue());
    assertThat(recovery).as("the vendor serves again within a breaker's open period of the outage's end")
        .isLessThanOrEqualTo(BREAKER_OPEN_FOR.plusSeconds(15));
  }

  @Test
  @DisplayName("3 worker pod killed mid-shard")
  void aWorkerPodKilledMidShardLosesNothingAndPaysNothingTwice() throws Exception {
    Team team = cluster.team("fault-podkill");
    Map<String, String> items = validItems("podkill-", 200);
    team.createSource("lines", jsonl(items));
    cluster.vendor.latencyMillis(100);
    applySourceJob(team, "podkill", "mandarin", 1, 0);
    team.awaitSucceeded("podkill", 50);
    Pod victim = team.pods("podkill").stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
        .findFirst().orElseThrow();
    assertMidJob("podkill-", items.size());

    // Force-deleted: the kubelet kills the process at once (SIGKILL), no graceful stop.
    cluster.admin.resource(victim).withGracePeriod(0).delete();
    Instant killed = Instant.now();
    await().atMost(Duration.ofMinutes(1)).until(() -> team.pods("podkill").stream()
        .anyMatch(p -> !p.getMetadata().getUid().equals(victim.getMetadata().getUid())));
    // The victim is dead by the time its replacement exists: what is written from here on is the replacement's.
    Instant recovered = awaitNewAudio(team.claim().resolve("podkill"));
    TTSJob done = team.awaitPhase("podkill", JobPhase.Succeeded, Duration.ofMinutes(4));

    ScenarioOutcome outcome = ScenarioOutcome.measure(team, cluster.vendor, "podkill", items, "podkill-");
    ReliabilityReport.record("3", Row.of("worker pod killed (force delete, SIGKILL) mid-shard", outcome,
        Optional.of(Duration.between(killed, recovered)), ran(done) + "; " + note("%s; %d partial file(s) "
            + "the killed writer left (hidden `.part`, never an output). Recovery: kill → the replacement pod "
            + "writes audio", billedTwiceNote(outcome), outcome.partialFiles())));

    assertJobSucceeded(done);
    assertNothingLostNoErrorBodyNothingPaidTwice(outcome);
    assertVendorServedEveryItem(outcome);
  }

  @Test
  @DisplayName("4 Redis restarted empty mid-job")
  void redisRestartedEmptyMidJobLosesNothingAndPaysNothingTwice() throws Exception {
    Team team = cluster.team("fault-redis");
    Map<String, String> items = validItems("redis-", 200);
    team.createSource("lines", jsonl(items));
    cluster.vendor.latencyMillis(150);
    applySourceJob(team, "wiped", "dongbei", 2, 0);
    team.awaitSucceeded("wiped", 50);
    assertMidJob("redis-", items.size());

    cluster.redis.restartEmpty();
    Instant restarted = Instant.now();
    Instant recovered = awaitNewAudio(team.claim().resolve("wiped"));
    TTSJob done = team.awaitPhase("wiped", JobPhase.Succeeded, Duration.ofMinutes(4));

    ScenarioOutcome outcome = ScenarioOutcome.measure(team, cluster.vendor, "wiped", items, "redis-");
    ReliabilityReport.record("4", Row.of("Redis restarted empty mid-job", outcome,
        Optional.of(Duration.between(restarted, recovered)), ran(done) + "; " + note("%s; the TTSJob's "
            + "status says %s. Recovery: Redis back (empty) → the job writes audio again", billedTwiceNote(outcome),
            done.getStatus().getProgress())));

    assertJobSucceeded(done);
    assertNothingLostNoErrorBodyNothingPaidTwice(outcome);
    assertVendorServedEveryItem(outcome);
  }

  @Test
  @DisplayName("5 operator killed (SIGKILL) mid-job")
  void anOperatorKilledMidJobLosesNothingAndTheNewReplicaCarriesTheStatusOn() throws Exception {
    Team team = cluster.team("fault-operator");
    Map<String, String> items = validItems("operator-", 200);
    team.createSource("lines", jsonl(items));
    cluster.vendor.latencyMillis(150);
    applySourceJob(team, "orphaned", "mandarin", 2, 0);
    long shownAtKill = team.awaitSucceeded("orphaned", 40).getStatus().getSucceeded();
    assertMidJob("operator-", items.size());

    for (ChartProcess operator : cluster.operators()) {
      operator.sigkill();
      operator.awaitExit(Duration.ofSeconds(10));
    }
    Instant killed = Instant.now();
    long lastWritten = team.job("orphaned").getStatus().getSucceeded();
    cluster.startOperator();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
      TTSJob job = team.job("orphaned");
      return job.getStatus().getPhase() == JobPhase.Succeeded || job.getStatus().getSucceeded() > lastWritten;
    });
    Instant recovered = Instant.now();
    TTSJob done = team.awaitPhase("orphaned", JobPhase.Succeeded, Duration.ofMinutes(4));

    ScenarioOutcome outcome = ScenarioOutcome.measure(team, cluster.vendor, "orphaned", items, "operator-");
    ReliabilityReport.record("5", Row.of("operator killed (SIGKILL) mid-job, a new replica started", outcome,
        Optional.of(Duration.between(killed, recovered)), ran(done) + "; " + note("%s; %d worker Job(s). "
            + "Recovery: kill → the TTSJob's status moves again (the new replica took the Lease and reconciled); "
            + "the worker pods never stopped", billedTwiceNote(outcome), team.workerJobs("orphaned").size())));

    assertJobSucceeded(done);
    assertThat(done.getStatus().getSucceeded()).isGreaterThan(shownAtKill);
    assertNothingLostNoErrorBodyNothingPaidTwice(outcome);
    assertVendorServedEveryItem(outcome);
    assertThat(team.workerJobs("orphaned")).as("the new replica found the worker Job instead of making another")
        .hasSize(1);
  }

  /** A manifest a user might apply, and the message that must tell them what is wrong with it. */
  private record BadManifest(String name, String yaml, String message) {
  }

  @Test
  @DisplayName("6a malformed TTSJob manifests")
  void malformedManifestsAreRefusedWithAMessageThatSaysWhatIsWrong() throws Exception {
    Team team = cluster.team("fault-manifests");
    cluster.admin.resource(new ConfigMapBuilder().withNewMetadata().withName("other-key")
        .withNamespace(team.namespace).endMetadata().addToData("wrong.jsonl", "{}").build()).create();
    List<BadManifest> refusedByApiServer = schemaViolations();
    List<BadManifest> refusedByOperator = semanticViolations();

    List<String> unclear = new ArrayList<>();
    for (BadManifest bad : refusedByApiServer) {
      Team.KubectlOutput applied = team.kubectlApply(bad.yaml());
      if (applied.exitCode() == 0 || !applied.output().contains(bad.message())) {
        unclear.add(bad.name() + " (exit " + applied.exitCode() + "): " + applied.output().strip());
      }
    }
    for (BadManifest bad : refusedByOperator) {
      Team.KubectlOutput applied = team.kubectlApply(bad.yaml());
      assertThat(applied.exitCode()).as("%s is valid for the API server: %s", bad.name(), applied.output()).isZero();
    }
    List<String> notRejected = new ArrayList<>();
    for (BadManifest bad : refusedByOperator) {
      if (!rejectedWithConditionAndEvent(team, bad)) {
        notRejected.add(bad.name() + ": " + Optional.ofNullable(team.job(bad.name()).getStatus())
            .map(s -> s.getConditions().toString()).orElse("no status"));
      }
    }
    long billed = cluster.vendor.billedCharacters(t -> t.startsWith("manifest-"));
    int total = refusedByApiServer.size() + refusedByOperator.size();
    ReliabilityReport.record("6a", new Row("%d malformed TTSJob manifests (`kubectl apply`)".formatted(total), "—",
        "—", billed == 0 ? "— (0 billed)" : billed + " characters billed", "—", "—",
        note("%d/%d refused by the API server with a message naming the field; %d/%d accepted by it and then "
            + "refused by the operator (`Admitted=False`, `InvalidSpec`, the message, a Warning Event), no worker Job",
            refusedByApiServer.size() - unclear.size(), refusedByApiServer.size(),
            refusedByOperator.size() - notRejected.size(), refusedByOperator.size())));

    assertThat(unclear).as("manifests kubectl apply did not refuse with the expected message").isEmpty();
    assertThat(notRejected).as("manifests the operator did not reject with condition, Event and message").isEmpty();
    assertThat(refusedByOperator).allSatisfy(bad -> assertThat(team.workerJobs(bad.name()))
        .as("no worker Job for %s", bad.name()).isEmpty());
    assertThat(billed).as("nothing billed for refused manifests").isZero();
  }

  /** A bad line of a source: its bytes, and the manifest id and reason it must be reported under. */
  private record BadLine(byte[] bytes, String id, String reason) {
  }

  @Test
  @DisplayName("6b malformed source lines among valid ones")
  void malformedSourceLinesAreEachReportedAndTheValidOnesAllDone() throws Exception {
    Team team = cluster.team("fault-lines");
    Map<String, String> items = validItems("lines-", 60);
    List<String> validLines = List.of(jsonl(items).split("\n"));
    ByteArrayOutputStream source = new ByteArrayOutputStream();
    Map<String, String> expectedReasons = new LinkedHashMap<>();
    List<BadLine> badLines = badLines(validLines.get(0));
    int lineNumber = 0;
    for (int i = 0; i < validLines.size(); i++) {
      source.write((validLines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
      lineNumber++;
      // A bad line after every third valid one, so each shard's reader meets some.
      if (i % 3 == 2 && i / 3 < badLines.size()) {
        BadLine bad = badLines.get(i / 3);
        source.write(bad.bytes());
        source.write('\n');
        lineNumber++;
        expectedReasons.put(bad.id() != null ? bad.id() : "line-" + lineNumber, bad.reason());
      }
    }
    assertThat(expectedReasons).as("every bad line placed").hasSize(badLines.size());
    team.createSource("lines", source.toByteArray());
    applySourceJob(team, "mixed", "mandarin", 2, badLines.size());

    TTSJob done = team.awaitPhase("mixed", JobPhase.Succeeded, Duration.ofMinutes(3));

    ScenarioOutcome outcome = ScenarioOutcome.measure(team, cluster.vendor, "mixed", items, "lines-");
    // Bad lines end Failed with their reason (the worker's contract, as its BadInputTest has it) and count in
    // status.failed, which is why the job allows exactly that many.
    Map<String, String> reported = new LinkedHashMap<>();
    outcome.manifest().forEach((id, line) -> {
      if (!items.containsKey(id)) {
        reported.put(id, line.get("status").asText() + " " + line.get("reason").asText());
      }
    });
    long misreported = expectedReasons.entrySet().stream()
        .filter(e -> !("Failed " + e.getValue()).equals(reported.get(e.getKey()))).count();
    ReliabilityReport.record("6b", Row.of("%d malformed lines among %d valid ones in a ConfigMap source".formatted(
        badLines.size(), items.size()), outcome, Optional.empty(), ran(done) + "; " + note("%d/%d bad lines "
            + "in the manifest as `Failed` with their reason (%s); job Succeeded with "
            + "`failurePolicy.maxFailedItems: %d`; %s", badLines.size() - misreported, badLines.size(),
            String.join(", ", new TreeSet<>(expectedReasons.values())), badLines.size(), billedTwiceNote(outcome))));

    assertJobSucceeded(done);
    assertThat(done.getStatus().getFailed()).as("the bad lines are the failed items").isEqualTo(badLines.size());
    assertNothingLostNoErrorBodyNothingPaidTwice(outcome);
    assertVendorServedEveryItem(outcome);
    assertThat(reported).as("each bad line reported under its id with its reason, and nothing else")
        .isEqualTo(expectedReasons.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
            e -> "Failed " + e.getValue())));
    assertThat(cluster.vendor.billedCharacters(t -> t.startsWith("badline-"))).as("no bad line billed").isZero();
  }

  // --- the inputs ---

  /** {@code count} items of distinct texts, each starting with {@code textPrefix} (which names the scenario). */
  private static Map<String, String> validItems(String textPrefix, int count) {
    Map<String, String> items = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      items.put("%s%03d".formatted(textPrefix, i), "%s第%d句，老铁们好。".formatted(textPrefix, i));
    }
    return items;
  }

  private static String jsonl(Map<String, String> items) {
    return items.entrySet().stream().map(e -> "{\"id\": \"%s\", \"text\": \"%s\"}".formatted(e.getKey(), e.getValue()))
        .collect(Collectors.joining("\n"));
  }

  /** A job reading the ConfigMap {@code lines} and writing to {@code <name>/} of the team's claim. */
  private static void applySourceJob(Team team, String name, String dialect, int parallelism, int maxFailedItems) {
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: %s}
        spec:
          # dongbei: espeak has no Northeastern voice, it stands in only as the degraded fallback.
          dialect: %s
          format: mp3
          parallelism: %d
          failurePolicy: {maxFailedItems: %d}
          source:
            configMapRef: {name: lines, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: %s/}
        """.formatted(name, dialect, parallelism, maxFailedItems, name));
  }

  private static List<BadLine> badLines(String firstValidLine) {
    String firstId = firstValidLine.substring(firstValidLine.indexOf("\"id\": \"") + 7, firstValidLine.indexOf("\","));
    List<BadLine> bad = new ArrayList<>();
    bad.add(line("{\"id\": \"cut-off\", \"text\": \"badline-少了括号\"", null, "InvalidInput"));
    bad.add(line("not json at all", null, "InvalidInput"));
    bad.add(line("[\"badline-an\", \"array\"]", null, "InvalidInput"));
    bad.add(line("{\"id\": \"no-text\"}", "no-text", "EmptyText"));
    bad.add(line("{\"id\": \"empty-text\", \"text\": \"\"}", "empty-text", "EmptyText"));
    bad.add(line("{\"id\": \"blank-text\", \"text\": \"   \"}", "blank-text", "EmptyText"));
    bad.add(line("{\"id\": \"oversized\", \"text\": \"badline-" + "长".repeat(10_001) + "\"}", "oversized",
        "TextTooLong"));
    bad.add(new BadLine(concat("{\"id\": \"bad-utf8\", \"text\": \"badline-", new byte[] {(byte) 0xff, (byte) 0xfe},
        "\"}"), "bad-utf8", "InvalidInput"));
    // The first line owns the id; the repeat is reported under its line number.
    bad.add(line("{\"id\": \"" + firstId + "\", \"text\": \"badline-重复的编号\"}", null, "DuplicateId"));
    bad.add(line("{\"text\": \"badline-没有编号\"}", null, "InvalidId"));
    bad.add(line("{\"id\": \"../escape\", \"text\": \"badline-出去\"}", null, "InvalidId"));
    bad.add(line("{\"id\": \"number-text\", \"text\": 42}", "number-text", "InvalidInput"));
    bad.add(line("{\"id\": \"fast\", \"text\": \"badline-太快\", \"speed\": 9}", "fast", "InvalidSpeed"));
    bad.add(line("{\"id\": \"speed-word\", \"text\": \"badline-快\", \"speed\": \"fast\"}", "speed-word",
        "InvalidInput"));
    bad.add(line("{\"id\": \"two-texts\", \"text\": \"badline-一\", \"text\": \"badline-二\"}", null,
        "InvalidInput"));
    bad.add(line("{\"id\": \"trailing\", \"text\": \"badline-尾巴\"} extra", null, "InvalidInput"));
    bad.add(line("{\"id\": \"bad-voice\", \"text\": \"badline-声音\", \"voice\": \"Not A Voice!\"}", "bad-voice",
        "InvalidInput"));
    return bad;
  }

  private static BadLine line(String text, String id, String reason) {
    return new BadLine(text.getBytes(StandardCharsets.UTF_8), id, reason);
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static final String ITEMS = """
        items:
          - {id: first, text: "manifest-第一句。"}
          - {id: second, text: "manifest-第二句。"}
      """;
  private static final String GOOD_JOB = """
      apiVersion: tts.dialect.io/v1alpha1
      kind: TTSJob
      metadata: {name: NAME}
      spec:
        dialect: dongbei
        format: mp3
        items:
          - {id: first, text: "manifest-第一句。"}
          - {id: second, text: "manifest-第二句。"}
        output:
          pvc: {claimName: audio, path: NAME/}
      """;

  /** The good job named {@code name}, with {@code from} replaced by {@code to} (which must occur). */
  private static BadManifest bad(String name, String from, String to, String message) {
    String good = GOOD_JOB.replace("NAME", name);
    if (!good.contains(from)) {
      throw new IllegalArgumentException(name + ": the good job has no " + from);
    }
    return new BadManifest(name, good.replace(from, to), message);
  }

  /** What the CRD's schema and CEL rules refuse: {@code kubectl apply} fails with the API server's message. */
  private static List<BadManifest> schemaViolations() {
    String source = "  source:\n    configMapRef: {name: lines, key: lines.jsonl}\n";
    String hundredAndOne = Stream.iterate(0, i -> i + 1).limit(101)
        .map(i -> "    - {id: i%d, text: \"manifest-%d\"}\n".formatted(i, i)).collect(Collectors.joining());
    return List.of(
        bad("no-dialect", "  dialect: dongbei\n", "", "spec.dialect: Required value"),
        bad("no-output", "  output:\n    pvc: {claimName: audio, path: no-output/}\n", "",
            "spec.output: Required value"),
        bad("items-and-source", ITEMS, ITEMS + source, "exactly one of spec.items or spec.source must be set"),
        bad("no-items", ITEMS, "", "exactly one of spec.items or spec.source must be set"),
        bad("duplicate-ids", "{id: second,", "{id: first,", "spec.items[1]: Duplicate value"),
        bad("empty-text", "\"manifest-第一句。\"", "\"\"",
            "spec.items[0].text in body should be at least 1 chars long"),
        bad("long-text", "\"manifest-第一句。\"", "\"manifest-" + "长".repeat(10_001) + "\"",
            "spec.items[0].text: Too long"),
        bad("escaping-id", "{id: first,", "{id: ../first,", "spec.items[0].id in body should match"),
        bad("speed-3", "  format: mp3\n", "  format: mp3\n  speed: 3\n",
            "spec.speed in body should be less than or equal to 2"),
        bad("parallelism-0", "  format: mp3\n", "  format: mp3\n  parallelism: 0\n",
            "spec.parallelism in body should be greater than or equal to 1"),
        bad("format-flac", "format: mp3", "format: flac", "spec.format: Unsupported value: \"flac\""),
        bad("priority-urgent", "  format: mp3\n", "  format: mp3\n  priority: urgent\n",
            "spec.priority: Unsupported value: \"urgent\""),
        bad("two-outputs", "    pvc: {claimName: audio, path: two-outputs/}\n",
            "    pvc: {claimName: audio, path: two-outputs/}\n    s3: {bucket: tts-out, prefix: x/}\n",
            "exactly one of output.s3 or output.pvc must be set"),
        bad("escaping-path", "path: escaping-path/", "path: a/../../etc/", "spec.output.pvc.path in body should match"),
        bad("unknown-field", "  format: mp3\n", "  format: mp3\n  language: yue\n", "unknown field \"spec.language\""),
        bad("yes-as-text", "\"manifest-第一句。\"", "yes", "spec.items[0].text in body must be of type string"),
        bad("101-items", ITEMS, "  items:\n" + hundredAndOne, "must have at most 100 items"),
        bad("broken-yaml", "  format: mp3\n", "  format: mp3\n   voice: [dongbei_laotie\n",
            "error converting YAML to JSON"));
  }

  /** What only the operator can judge: accepted by the API server, then Admitted=False with InvalidSpec. */
  private static List<BadManifest> semanticViolations() {
    return List.of(
        bad("unknown-dialect", "dialect: dongbei", "dialect: klingon",
            "dialect \"klingon\" is not in the voice catalog; known dialects are ["),
        bad("foreign-voice", "  dialect: dongbei\n", "  dialect: dongbei\n  voice: sichuan_mei\n",
            "voice \"sichuan_mei\" is not a voice of dialect dongbei"),
        bad("other-bucket", "    pvc: {claimName: audio, path: other-bucket/}\n",
            "    s3: {bucket: someone-elses, prefix: x/}\n",
            "spec.output.s3.bucket \"someone-elses\" is not an allowed output bucket"),
        bad("missing-claim", "claimName: audio", "claimName: no-such-claim",
            "PersistentVolumeClaim \"no-such-claim\" does not exist"),
        bad("missing-configmap", ITEMS, "  source:\n    configMapRef: {name: nowhere, key: lines.jsonl}\n",
            "ConfigMap \"nowhere\" does not exist in namespace"),
        bad("missing-key", ITEMS, "  source:\n    configMapRef: {name: other-key, key: lines.jsonl}\n",
            "ConfigMap \"other-key\" has no key \"lines.jsonl\""),
        bad("unknown-provider", "  format: mp3\n", "  format: mp3\n  providers: [acme]\n",
            "spec.providers: unknown provider(s) [acme]"));
  }

  // --- what is checked ---

  private static boolean rejectedWithConditionAndEvent(Team team, BadManifest bad) {
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        TTSJob job = team.job(bad.name());
        assertThat(job.getStatus()).isNotNull();
        Condition admitted = job.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals(ConditionTypes.ADMITTED)).findFirst().orElseThrow();
        assertThat(admitted.isTrue()).isFalse();
        assertThat(admitted.getReason()).isEqualTo(ConditionTypes.REASON_INVALID_SPEC);
        assertThat(admitted.getMessage()).contains(bad.message());
        assertThat(team.events(bad.name())).anySatisfy((Event e) -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("InvalidSpec");
          assertThat(e.getMessage()).contains(bad.message());
        });
      });
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  /** What follows happens mid-job: the vendor has not billed every line yet. */
  private static void assertMidJob(String textPrefix, int items) {
    assertThat(cluster.vendor.billsPerText(t -> t.startsWith(textPrefix))).as("lines billed so far")
        .hasSizeLessThan(items);
  }

  /**
   * Waits for an audio file that was not in {@code dir} when called.
   *
   * @return when it was seen
   */
  private static Instant awaitNewAudio(Path dir) throws IOException {
    Set<String> before = audioNames(dir);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> !before.containsAll(audioNames(dir)));
    return Instant.now();
  }

  private static Set<String> audioNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".mp3"))
          .collect(Collectors.toCollection(HashSet::new));
    }
  }

  private static void assertJobSucceeded(TTSJob done) {
    assertThat(done.getStatus().getPhase()).as("phase; conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
  }

  private static void assertNothingLostNoErrorBodyNothingPaidTwice(ScenarioOutcome outcome) {
    assertThat(outcome.lost()).as("valid items without audio and a Succeeded manifest line").isEmpty();
    assertThat(outcome.notAudio()).as("output files that are not audio (error bodies stored as audio)").isEmpty();
    assertThat(outcome.ffprobeFailures()).as("sampled audio files ffprobe cannot read").isEmpty();
    assertThat(outcome.textsBilledTwice()).as("texts the vendor billed more than once").isEmpty();
    assertThat(outcome.vendorTextsNotBilledOnce()).as("texts the manifest says the vendor served, with their bills")
        .isEmpty();
  }

  /** String.format, for notes written over several lines (a literal's own formatted() takes only the last). */
  private static String note(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** How long the job ran (its status' start to completion). */
  private static String ran(TTSJob done) {
    Duration ran = Duration.between(Instant.parse(done.getStatus().getStartTime()),
        Instant.parse(done.getStatus().getCompletionTime()));
    return "job ran " + ran.toSeconds() + " s";
  }

  /** Where the vendor stays healthy, no item goes to another provider (a breaker left open would send them). */
  private static void assertVendorServedEveryItem(ScenarioOutcome outcome) {
    assertThat(outcome.servedByOthers()).as("items another provider than the healthy vendor served").isZero();
  }

  private static String billedTwiceNote(ScenarioOutcome outcome) {
    return outcome.textsBilledTwice().isEmpty() ? "no text billed twice"
        : outcome.textsBilledTwice().size() + " text(s) billed more than once";
  }
}
