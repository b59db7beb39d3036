package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.worker.provider.config.Timeouts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final UpstreamHttp http = new UpstreamHttp("p", Timeouts.DEFAULT, new SimpleMeterRegistry(),
      Clock.fixed(Instant.parse("2037-10-21T07:27:30Z"), ZoneOffset.UTC));

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    assertThat(http.parseRetryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(http.parseRetryAfter("Wed, 21 Oct 2037 07:28:00 GMT")).isEqualTo(Duration.ofSeconds(30));
    assertThat(http.parseRetryAfter("Wed, 21 Oct 2037 07:00:00 GMT")).as("a past date means now").isZero();
    assertThat(http.parseRetryAfter("soon")).as("unreadable: our own backoff applies").isNull();
  }
}
