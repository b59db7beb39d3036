package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An S3 bucket and key prefix for a job's audio files and manifest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Output {
  /** S3 bucket naming rules (lower case, digits, dots, hyphens, 3 to 63 characters). */
  public static final String BUCKET_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";
  /**
   * Relative, no leading slash, and no path segment starts with '.', so "." and ".." never appear:
   * a prefix can never climb out of its namespace's place.
   */
  public static final String PREFIX_PATTERN = "^([A-Za-z0-9_-][A-Za-z0-9._-]*/)*([A-Za-z0-9_-][A-Za-z0-9._-]*)?$";

  @Required
  @Size(min = 3, max = 63)
  @Pattern(BUCKET_PATTERN)
  @JsonPropertyDescription("Bucket to write to (on the operator's configured S3 endpoint).")
  private String bucket;

  @Size(max = 512)
  @Pattern(PREFIX_PATTERN)
  @JsonPropertyDescription("Key prefix for this job's files, e.g. welcome/. Objects land at "
      + "{namespace}/{prefix}{id}.{format}: the namespace always comes first.")
  private String prefix;

  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getPrefix() { return prefix; }
  public void setPrefix(String prefix) { this.prefix = prefix; }
}
