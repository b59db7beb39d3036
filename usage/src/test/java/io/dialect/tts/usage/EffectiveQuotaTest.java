package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.UsageLimit;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Several TTSQuotas of one namespace: the strictest of each limit applies. */
class EffectiveQuotaTest {

  static TTSQuota quota(String name, Consumer<TTSQuotaSpec> settings) {
    TTSQuota quota = new TTSQuota();
    quota.getMetadata().setName(name);
    quota.getMetadata().setNamespace("team-a");
    TTSQuotaSpec spec = new TTSQuotaSpec();
    settings.accept(spec);
    quota.setSpec(spec);
    return quota;
  }

  @Test
  void noQuotaMeansNoLimits() {
    assertThat(EffectiveQuota.merge(List.of())).isEmpty();
  }

  @Test
  void theSmallestOfEachLimitAppliesAndHardWinsOverSoft() {
    TTSQuota generous = quota("a-generous", s -> {
      s.setDaily(new UsageLimit(1_000_000L, 10L));
      s.setMonthly(new UsageLimit(5_000_000L, null));
      s.setMaxConcurrentJobs(2);
      s.setEnforcement(Enforcement.SOFT);
      s.setTimeZone("Europe/Berlin");
    });
    TTSQuota tight = quota("b-tight", s -> {
      s.setDaily(new UsageLimit(50_000L, null));
      s.setMonthly(new UsageLimit(9_000_000L, 700L));
      s.setMaxParallelismPerJob(4);
      s.setTimeZone("Asia/Shanghai");
    });

    EffectiveQuota merged = EffectiveQuota.merge(List.of(generous, tight)).orElseThrow();

    assertThat(merged.limits().daily()).isEqualTo(QuotaLimits.Limit.of(50_000L, 10L));
    assertThat(merged.limits().monthly()).isEqualTo(QuotaLimits.Limit.of(5_000_000L, 700L));
    assertThat(merged.limits().enforcement()).as("one hard quota makes it hard").isEqualTo(Enforcement.HARD);
    assertThat(merged.limits().timeZone()).as("zone of the smallest daily character limit")
        .isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(merged.maxConcurrentJobs()).hasValue(2);
    assertThat(merged.maxParallelismPerJob()).hasValue(4);
  }

  @Test
  void allowedDialectsAndVoicesAreIntersectedAndAnEmptyListRestrictsNothing() {
    TTSQuota open = quota("open", s -> s.setAllowedVoices(List.of()));
    TTSQuota some = quota("some", s -> s.setAllowedDialects(List.of("dongbei", "cantonese", "hakka")));
    TTSQuota fewer = quota("fewer", s -> {
      s.setAllowedDialects(List.of("cantonese", "dongbei", "minnan"));
      s.setAllowedVoices(List.of("dongbei_laotie"));
    });

    EffectiveQuota merged = EffectiveQuota.merge(List.of(open, some, fewer)).orElseThrow();

    assertThat(merged.allowedDialects()).hasValue(Set.of("dongbei", "cantonese"));
    assertThat(merged.dialectAllowed("hakka")).isFalse();
    assertThat(merged.voiceAllowed("dongbei_laotie")).isTrue();
    assertThat(merged.voiceAllowed("cantonese_ahming")).isFalse();
    assertThat(EffectiveQuota.merge(List.of(open)).orElseThrow().voiceAllowed("anything"))
        .as("an empty list allows all").isTrue();
  }

  @Test
  void disjointAllowedDialectsAllowNone() {
    EffectiveQuota merged = EffectiveQuota.merge(List.of(quota("x", s -> s.setAllowedDialects(List.of("dongbei"))),
        quota("y", s -> s.setAllowedDialects(List.of("hakka"))))).orElseThrow();
    assertThat(merged.allowedDialects()).hasValue(Set.of());
    assertThat(merged.dialectAllowed("dongbei")).isFalse();
  }

  @Test
  void withoutDailyLimitsTheFirstQuotaByNameGivesTheZoneAndUtcIsTheDefault() {
    assertThat(EffectiveQuota.merge(List.of(quota("b", s -> s.setTimeZone("Asia/Tokyo")), quota("a", s -> { })))
        .orElseThrow().limits().timeZone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void anUnknownTimeZoneIsRefusedNamingTheQuota() {
    assertThatThrownBy(() -> EffectiveQuota.merge(List.of(quota("broken", s -> s.setTimeZone("Mars/Olympus")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TTSQuota broken: spec.timeZone \"Mars/Olympus\" is not an IANA time zone");
  }
}
