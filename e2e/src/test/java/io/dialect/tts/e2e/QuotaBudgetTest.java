package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hard TTSQuota as a platform team relies on it, with a billed vendor: jobs that do not fit together
 * run one after the other instead of both being admitted; running out mid-job suspends the job instead of
 * failing it, and it completes once the limit is raised, every item billed once; a parallelism edit takes
 * effect on the running job.
 */
@ExtendWith(E2eCluster.Extension.class)
class QuotaBudgetTest {
  static E2eCluster cluster;
  private static Team reservations;
  private static Team exhaustion;
  private static Team edits;

  @BeforeAll
  static void teams() {
    reservations = cluster.team("reserve");
    exhaustion = cluster.team("exhaust");
    edits = cluster.team("edits");
  }

  /** {@code count} distinct texts, each {@code prefix} followed by 6 characters. */
  private static List<String> texts(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> "%s%02d老铁们好".formatted(prefix, i)).toList();
  }

  private static long characters(List<String> texts) {
    return texts.stream().mapToLong(text -> text.codePointCount(0, text.length())).sum();
  }

  /** A Dongbei job (billed by the vendor) with these texts as inline items. */
  private static String inlineJob(String name, List<String> texts) {
    String lines = IntStream.range(0, texts.size())
        .mapToObj(i -> "    - {id: i%02d, text: \"%s\"}".formatted(i, texts.get(i)))
        .collect(Collectors.joining("\n"));
    return """
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: %s}
        spec:
          dialect: dongbei
          items:
        %s
          output:
            pvc: {claimName: audio, path: %s/}
        """.formatted(name, lines, name);
  }

  private static long billed(String prefix) {
    return cluster.vendor.billedCharacters(text -> text.startsWith(prefix));
  }

  @Test
  void twoJobsThatDoNotFitTogetherRunOneAfterTheOtherAndNeitherFails() {
    List<String> firstTexts = texts("rsv-a-", 9);
    List<String> secondTexts = texts("rsv-b-", 9);
    long perJob = characters(firstTexts);
    assertThat(perJob).isEqualTo(characters(secondTexts)).isEqualTo(108);
    // One job fits in 150, two do not.
    reservations.applyHardDailyQuota(150);
    reservations.apply(inlineJob("first", firstTexts));
    reservations.apply(inlineJob("second", secondTexts));

    TTSJob waiting = reservations.awaitJob("second", Duration.ofMinutes(1), job -> job.getStatus() != null
        && job.getStatus().getPhase() == JobPhase.Queued);
    Condition admitted = waiting.getStatus().getConditions().stream()
        .filter(c -> ConditionTypes.ADMITTED.equals(c.getType())).findFirst().orElseThrow();
    assertThat(admitted.getReason()).isEqualTo(ConditionTypes.REASON_WAITING_FOR_QUOTA);
    assertThat(admitted.getMessage()).as("says what holds the budget").contains("first (%d)".formatted(perJob));
    TTSJob first = reservations.awaitPhase("first", JobPhase.Succeeded, Duration.ofMinutes(2));
    assertThat(first.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(reservations.job("second").getStatus().getPhase()).as("still waiting: 42 of 150 remain")
        .isEqualTo(JobPhase.Queued);

    reservations.applyHardDailyQuota(300);

    TTSJob second = reservations.awaitPhase("second", JobPhase.Succeeded, Duration.ofMinutes(2));
    assertThat(second.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(billed("rsv-")).as("each job billed once").isEqualTo(2 * perJob);
  }

  @Test
  void runningOutMidJobSuspendsTheJobWhichCompletesOnceTheLimitIsRaised() {
    exhaustion.applyHardDailyQuota(200);
    // A source job: its size is unknown at admission, so it holds the configured slice (100) and runs
    // until the ledger refuses: 40 lines of 12 characters, 480 in all, against 200.
    String lines = IntStream.range(0, 40)
        .mapToObj(i -> "{\"id\": \"x%02d\", \"text\": \"exh-%02d老铁们晚上好\"}".formatted(i, i))
        .collect(Collectors.joining("\n"));
    exhaustion.createSource("lines", lines);
    exhaustion.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: greedy}
        spec:
          dialect: dongbei
          source:
            configMapRef: {name: lines, key: lines.jsonl}
          output:
            pvc: {claimName: audio, path: greedy/}
        """);

    TTSJob held = exhaustion.awaitJob("greedy", Duration.ofMinutes(2), job -> job.getStatus() != null
        && job.getStatus().getPhase() == JobPhase.Suspended);
    assertThat(held.getStatus().getPhase()).as("conditions %s", held.getStatus().getConditions())
        .isEqualTo(JobPhase.Suspended);
    assertThat(held.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("QuotaExhausted");
      assertThat(c.getMessage()).contains("resumes at");
    });
    assertThat(billed("exh-")).as("no billed call past the limit").isLessThanOrEqualTo(200);

    exhaustion.applyHardDailyQuota(1000);

    TTSJob done = exhaustion.awaitPhase("greedy", JobPhase.Succeeded, Duration.ofMinutes(3));
    assertThat(done.getStatus().getPhase()).as("conditions %s", done.getStatus().getConditions())
        .isEqualTo(JobPhase.Succeeded);
    assertThat(done.getStatus().getProgress()).isEqualTo("40/40");
    Map<String, Long> billsPerText = cluster.vendor.billsPerText(text -> text.startsWith("exh-"));
    assertThat(billsPerText).as("every line billed once").hasSize(40)
        .allSatisfy((text, bills) -> assertThat(bills).as(text).isOne());
    assertThat(done.getStatus().getCharacters().getBilled()).as("status billed == vendor billed")
        .isEqualTo(billed("exh-"));
  }

  @Test
  void aParallelismEditTakesEffectOnTheRunningJob() {
    edits.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: widening}
        spec:
          dialect: mandarin
          parallelism: 1
          suspend: true
          items:
        %s
          output:
            pvc: {claimName: audio, path: widening/}
        """.formatted(IntStream.range(0, 100).mapToObj(i -> "    - {id: w%03d, text: \"第%d句\"}".formatted(i, i))
        .collect(Collectors.joining("\n"))));
    await().atMost(Duration.ofMinutes(1)).until(() -> !edits.workerJobs("widening").isEmpty());
    assertThat(edits.workerJobs("widening").get(0).getSpec().getParallelism()).isEqualTo(1);

    // As kubectl patch does: a merge patch, not a read-modify-write racing the operator's status writes.
    TTSJob edited = cluster.admin.resources(TTSJob.class).inNamespace(edits.namespace).withName("widening")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"parallelism\": 3}}");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(edits.workerJobs("widening").get(0).getSpec().getParallelism()).isEqualTo(3);
      assertThat(edits.job("widening").getStatus().getObservedGeneration()).as("the edit is in effect")
          .isEqualTo(edited.getMetadata().getGeneration());
    });
  }
}
