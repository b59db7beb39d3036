package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Admission order among queued jobs of one namespace. */
public enum Priority {
  @JsonProperty("high") HIGH,
  @JsonProperty("normal") NORMAL,
  @JsonProperty("low") LOW
}
