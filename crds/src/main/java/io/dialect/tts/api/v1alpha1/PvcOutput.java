package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A directory on a PersistentVolumeClaim for a job's audio files and manifest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PvcOutput {
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the PersistentVolumeClaim, in the TTSJob's own namespace.")
  private String claimName;

  @Size(max = 512)
  @Pattern(S3Output.PREFIX_PATTERN)
  @JsonPropertyDescription("Directory inside the volume, relative, e.g. welcome/.")
  private String path;

  public String getClaimName() { return claimName; }
  public void setClaimName(String claimName) { this.claimName = claimName; }
  public String getPath() { return path; }
  public void setPath(String path) { this.path = path; }
}
