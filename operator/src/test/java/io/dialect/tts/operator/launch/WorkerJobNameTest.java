package io.dialect.tts.operator.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerJobNameTest {
  private static final String UID = "3f2a9c1e-7b4d-4e5f-8a9b-0c1d2e3f4a5b";

  @Test
  void aShortNameIsPrefixedAndEndsWithTheUidsFirstDigits() {
    assertThat(WorkerJobName.of("welcome", UID)).isEqualTo("ttsjob-welcome-3f2a9c1e");
  }

  @Test
  void aJobRecreatedUnderTheSameNameGetsAnotherName() {
    assertThat(WorkerJobName.of("welcome", UID)).isNotEqualTo(WorkerJobName.of("welcome", "9d8e7f6a-0000-4000-8000-000000000000"));
  }

  @Test
  void aLongNameIsCutSoIndexedPodNamesStayValid() {
    String seventy = "a-very-long-job-name-for-the-quarterly-campaign-prompts-in-dongbei-x70";

    String name = WorkerJobName.of(seventy, UID);

    assertThat(name).hasSizeLessThanOrEqualTo(WorkerJobName.MAX).endsWith("-3f2a9c1e").startsWith("ttsjob-a-very-long")
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(name + "-9999").as("the name of its pod for index 9999").hasSizeLessThanOrEqualTo(63);
  }
}
