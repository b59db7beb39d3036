package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A ConfigMap key with one item per line. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapSource {
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the ConfigMap, in the TTSJob's own namespace.")
  private String name;

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @JsonPropertyDescription("Key in the ConfigMap whose value holds the items.")
  private String key;

  @Default("jsonl")
  @JsonPropertyDescription("Line format of the value: jsonl (default) or csv.")
  private SourceFormat format;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public SourceFormat getFormat() { return format; }
  public void setFormat(SourceFormat format) { this.format = format; }
}
