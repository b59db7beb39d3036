package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A job that does not fit the day's remaining budget waits, says why, and runs once the limit is raised. */
@ExtendWith(E2eCluster.Extension.class)
class QuotaHoldTest {
  static E2eCluster cluster;
  private static Team team;

  @BeforeAll
  static void team() {
    team = cluster.team("quota");
  }

  @Test
  void aJobOverTheRemainingBudgetWaitsWithItsReasonAndRunsWhenTheLimitIsRaised() {
    team.applyHardDailyQuota(40);
    team.apply(job("first", "quota-一二三四五六七八九十", "quota-十一十二十三十四十五十六"));
    team.awaitPhase("first", JobPhase.Succeeded, Duration.ofMinutes(2));

    team.apply(job("second", "quota-二十一二十二二十三二十四", "quota-三十一三十二"));
    TTSJob waiting = team.awaitJob("second", Duration.ofMinutes(1), job -> job.getStatus() != null
        && job.getStatus().getPhase() == JobPhase.Queued);

    Condition admitted = waiting.getStatus().getConditions().stream()
        .filter(c -> ConditionTypes.ADMITTED.equals(c.getType())).findFirst().orElseThrow();
    assertThat(admitted.getReason()).isEqualTo(ConditionTypes.REASON_WAITING_FOR_QUOTA);
    assertThat(admitted.getMessage()).matches("needs 30 characters, 6 remain of the daily 40 \\(resets .+ Asia/Shanghai\\)");
    assertThat(team.events("second")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).isEqualTo(admitted.getMessage());
    });
    assertThat(team.workerJobs("second")).as("no workers for a job that waits").isEmpty();

    team.applyHardDailyQuota(1000);

    TTSJob done = team.awaitPhase("second", JobPhase.Succeeded, Duration.ofMinutes(2));
    assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(team.events("second")).extracting(Event::getReason).contains("Admitted", "Completed");
  }


  private static String job(String name, String first, String second) {
    return """
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: %s}
        spec:
          dialect: mandarin
          format: mp3
          items:
            - {id: a, text: "%s"}
            - {id: b, text: "%s"}
          output:
            pvc: {claimName: audio, path: %s/}
        """.formatted(name, first, second, name);
  }
}
