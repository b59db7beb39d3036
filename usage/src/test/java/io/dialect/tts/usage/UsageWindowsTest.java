package io.dialect.tts.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class UsageWindowsTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void anInstantFallsInTheDayAndMonthOfTheQuotasZone() {
    Instant lastSecondOfNovemberInShanghai = Instant.parse("2026-11-30T15:59:59Z");

    assertThat(UsageWindows.at(lastSecondOfNovemberInShanghai, SHANGHAI).dayName()).isEqualTo("2026-11-30");
    assertThat(UsageWindows.at(lastSecondOfNovemberInShanghai.plusSeconds(1), SHANGHAI).dayName())
        .isEqualTo("2026-12-01");
    assertThat(UsageWindows.at(lastSecondOfNovemberInShanghai.plusSeconds(1), SHANGHAI).monthName())
        .isEqualTo("2026-12");
    assertThat(UsageWindows.at(lastSecondOfNovemberInShanghai.plusSeconds(1), UsageWindows.DEFAULT_ZONE).monthName())
        .as("still November in UTC").isEqualTo("2026-11");
  }

  @Test
  void keysCarryTheNamespaceAndTheWindow() {
    UsageWindows windows = UsageWindows.at(Instant.parse("2026-11-25T10:00:00Z"), SHANGHAI);

    assertThat(windows.dailyKey("team-a")).isEqualTo("tts:usage:team-a:day:2026-11-25");
    assertThat(windows.monthlyKey("team-a")).isEqualTo("tts:usage:team-a:month:2026-11");
  }
}
