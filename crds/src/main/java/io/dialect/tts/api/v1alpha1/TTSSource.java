package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the items of a large job are read from, streamed line by line. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.configMapRef) != has(self.s3)",
    message = "exactly one of source.configMapRef or source.s3 must be set")
public class TTSSource {
  @JsonPropertyDescription("A key of a ConfigMap in the job's namespace holding the items.")
  private ConfigMapSource configMapRef;

  @JsonPropertyDescription("An S3 object holding the items.")
  private S3Source s3;

  public ConfigMapSource getConfigMapRef() { return configMapRef; }
  public void setConfigMapRef(ConfigMapSource configMapRef) { this.configMapRef = configMapRef; }
  public S3Source getS3() { return s3; }
  public void setS3(S3Source s3) { this.s3 = s3; }
}
