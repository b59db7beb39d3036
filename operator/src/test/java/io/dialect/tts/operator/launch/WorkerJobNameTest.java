package io.dialect.tts.operator.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerJobNameTest {
  @Test
  void shortNamesArePrefixed() {
    assertThat(WorkerJobName.of("welcome")).isEqualTo("ttsjob-welcome");
  }

  @Test
  void longNamesAreCutToALabelValueAndStayDistinctAndStable() {
    String a = "a".repeat(70) + "-one";
    String b = "a".repeat(70) + "-two";
    assertThat(WorkerJobName.of(a)).hasSizeLessThanOrEqualTo(63).isEqualTo(WorkerJobName.of(a))
        .isNotEqualTo(WorkerJobName.of(b)).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }
}
