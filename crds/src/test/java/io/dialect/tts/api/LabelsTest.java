package io.dialect.tts.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {
  /** A Kubernetes label value: at most 63 characters, alphanumeric at both ends. */
  private static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

  @Test
  void aNameThatFitsIsTheLabelValueItself() {
    assertThat(Labels.jobValue("welcome-prompts")).isEqualTo("welcome-prompts");
    assertThat(Labels.jobValue("x".repeat(63))).isEqualTo("x".repeat(63));
  }

  @Test
  void aLongNameKeepsAReadableHeadAndStaysApartFromItsNamesakes() {
    String head = "quarterly-campaign-prompts-in-dongbei-for-the-northeast-region-";
    String first = Labels.jobValue(head + "2026-q1");
    String second = Labels.jobValue(head + "2026-q2");

    assertThat(first).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE).startsWith("quarterly-campaign-prompts");
    assertThat(second).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
    assertThat(first).as("same head, different names").isNotEqualTo(second);
    assertThat(Labels.jobValue(head + "2026-q1")).as("stable").isEqualTo(first);
  }

  @Test
  void aCutNeverEndsInADashOrDotBeforeTheHash() {
    String value = Labels.jobValue("a".repeat(51) + ".-" + "b".repeat(200));

    assertThat(value).matches(LABEL_VALUE).doesNotContain(".-").doesNotContain("--");
  }
}
