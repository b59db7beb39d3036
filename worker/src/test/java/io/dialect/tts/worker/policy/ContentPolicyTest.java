package io.dialect.tts.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentPolicyTest {

  @Test
  void rejectModeRefusesAMatchingTextWithoutRepeatingWhatMatched() {
    ContentPolicy policy = ContentPolicy.of(new ContentPolicySettings(ContentPolicySettings.Mode.REJECT,
        List.of("\\d{11}", "(?i)机密"), null));

    PolicyDecision decision = policy.apply("请拨打13800138000联系");

    assertThat(decision).isInstanceOfSatisfying(PolicyDecision.Rejected.class, rejected -> {
      assertThat(rejected.reason()).isEqualTo("ContentPolicy");
      assertThat(rejected.message()).contains("#1").doesNotContain("13800138000");
    });
    assertThat(policy.apply("这是机密文件")).isInstanceOfSatisfying(PolicyDecision.Rejected.class,
        rejected -> assertThat(rejected.message()).contains("#2").doesNotContain("机密"));
    assertThat(policy.apply("老铁们好")).isEqualTo(new PolicyDecision.Allowed("老铁们好", false));
  }

  @Test
  void redactModeReplacesEachMatchAndSaysSo() {
    ContentPolicy policy = ContentPolicy.of(new ContentPolicySettings(ContentPolicySettings.Mode.REDACT,
        List.of("\\d{11}", "坏话"), "*"));

    assertThat(policy.apply("打13800138000说坏话")).isEqualTo(new PolicyDecision.Allowed("打*说*", true));
    assertThat(policy.apply("好话")).isEqualTo(new PolicyDecision.Allowed("好话", false));
  }

  @Test
  void aTextRedactedToNothingIsRejectedRatherThanSynthesizedEmpty() {
    ContentPolicy policy = ContentPolicy.of(new ContentPolicySettings(ContentPolicySettings.Mode.REDACT,
        List.of("坏话"), ""));

    assertThat(policy.apply("坏话坏话")).isInstanceOf(PolicyDecision.Rejected.class);
  }

  @Test
  void withoutPatternsEverythingIsAllowed() {
    assertThat(ContentPolicy.allowAll().apply("任何话")).isEqualTo(new PolicyDecision.Allowed("任何话", false));
  }

  @Test
  void aBrokenOrAllMatchingPatternIsAStartUpErrorNamingItsPosition() {
    assertThatThrownBy(() -> ContentPolicy.of(new ContentPolicySettings(null, List.of("ok", "(unclosed"), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patterns[1]");
    assertThatThrownBy(() -> ContentPolicy.of(new ContentPolicySettings(null, List.of("x*"), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty text");
  }

  record Config(ContentPolicySettings contentPolicy) {
  }

  @Test
  void settingsBindFromTheWorkerConfigurationWithDefaultsForWhatIsLeftOut() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    Config full = yaml.readValue("""
        contentPolicy:
          mode: redact
          patterns: ["\\\\d{11}"]
          replacement: "#"
        """, Config.class);
    Config sparse = yaml.readValue("contentPolicy: {patterns: [secret]}", Config.class);

    assertThat(full.contentPolicy()).isEqualTo(
        new ContentPolicySettings(ContentPolicySettings.Mode.REDACT, List.of("\\d{11}"), "#"));
    assertThat(sparse.contentPolicy().mode()).isEqualTo(ContentPolicySettings.Mode.REJECT);
    assertThat(sparse.contentPolicy().replacement()).isEqualTo("*");
  }
}
