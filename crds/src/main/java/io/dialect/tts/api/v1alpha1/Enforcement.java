package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens when a quota limit is reached. */
public enum Enforcement {
  /** Refuse billed upstream calls past the limit and suspend the namespace's running jobs. */
  @JsonProperty("hard") HARD,
  /** Alert only: calls go on and are counted. */
  @JsonProperty("soft") SOFT
}
