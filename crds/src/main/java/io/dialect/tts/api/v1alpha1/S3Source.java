package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An S3 object with one item per line; read as a stream, never whole into memory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Source {
  @Required
  @Size(min = 3, max = 63)
  @Pattern(S3Output.BUCKET_PATTERN)
  @JsonPropertyDescription("Bucket holding the source object (on the operator's configured S3 endpoint).")
  private String bucket;

  /** Relative, no segment starting with '.', so a key cannot leave the namespace's folder. */
  public static final String KEY_PATTERN = "^([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$";

  @Required
  @Size(min = 1, max = 1024)
  @Pattern(KEY_PATTERN)
  @JsonPropertyDescription("Key of the source object; it must lie under the job's namespace, e.g. "
      + "team-a/prompts.jsonl.")
  private String key;

  @Default("jsonl")
  @JsonPropertyDescription("Line format of the object: jsonl (default) or csv.")
  private SourceFormat format;

  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public SourceFormat getFormat() { return format; }
  public void setFormat(SourceFormat format) { this.format = format; }
}
