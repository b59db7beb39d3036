package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/** Connect timeout, and the time one whole request (headers and body) may take. */
public record Timeouts(
    @JsonDeserialize(using = DurationText.class) Duration connect,
    @JsonDeserialize(using = DurationText.class) Duration request) {

  public static final Timeouts DEFAULT = new Timeouts(null, null);

  public Timeouts {
    connect = connect == null ? Duration.ofSeconds(5) : connect;
    request = request == null ? Duration.ofSeconds(30) : request;
  }
}
