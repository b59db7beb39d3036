package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Cache use of a job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CacheSpec {
  @Default("true")
  @JsonPropertyDescription("Look up and store audio in the caches (in-process, Redis, S3). Turn off to force "
      + "fresh synthesis; every item is then billed.")
  private Boolean enabled;

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
}
