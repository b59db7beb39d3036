package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Line format of an item source. */
public enum SourceFormat {
  /** One JSON object per line: {"id": "...", "text": "...", optional dialect/voice/speed/emotion}. */
  @JsonProperty("jsonl") JSONL,
  /** CSV with a header row naming the columns id,text and optionally dialect,voice,speed,emotion. */
  @JsonProperty("csv") CSV
}
