package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Limits for one window (a day or a month); an empty field means no limit of that kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsageLimit {
  @Min(0)
  @JsonPropertyDescription("Billed characters allowed in the window.")
  private Long characters;

  @Min(0)
  @JsonPropertyDescription("Billed upstream requests allowed in the window.")
  private Long requests;

  public UsageLimit() {
  }

  public UsageLimit(Long characters, Long requests) {
    this.characters = characters;
    this.requests = requests;
  }

  public Long getCharacters() { return characters; }
  public void setCharacters(Long characters) { this.characters = characters; }
  public Long getRequests() { return requests; }
  public void setRequests(Long requests) { this.requests = requests; }
}
