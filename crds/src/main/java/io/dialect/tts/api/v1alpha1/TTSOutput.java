package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where audio files and the manifest are written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.s3) != has(self.pvc)",
    message = "exactly one of output.s3 or output.pvc must be set")
public class TTSOutput {
  @JsonPropertyDescription("Write to an S3 bucket under a prefix; the operator confines the prefix to the "
      + "namespace's allowed place.")
  private S3Output s3;

  @JsonPropertyDescription("Write to a directory of a PersistentVolumeClaim in the job's namespace.")
  private PvcOutput pvc;

  public S3Output getS3() { return s3; }
  public void setS3(S3Output s3) { this.s3 = s3; }
  public PvcOutput getPvc() { return pvc; }
  public void setPvc(PvcOutput pvc) { this.pvc = pvc; }
}
