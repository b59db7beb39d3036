package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Usage counted in a window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsageCounts {
  @JsonPropertyDescription("Billed characters.")
  private Long characters;

  @JsonPropertyDescription("Billed upstream requests.")
  private Long requests;

  @JsonPropertyDescription("Items served from a cache (free).")
  private Long cacheHits;

  public Long getCharacters() { return characters; }
  public void setCharacters(Long characters) { this.characters = characters; }
  public Long getRequests() { return requests; }
  public void setRequests(Long requests) { this.requests = requests; }
  public Long getCacheHits() { return cacheHits; }
  public void setCacheHits(Long cacheHits) { this.cacheHits = cacheHits; }

  @Override
  public boolean equals(Object o) {
    return o instanceof UsageCounts u && Objects.equals(characters, u.characters)
        && Objects.equals(requests, u.requests) && Objects.equals(cacheHits, u.cacheHits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(characters, requests, cacheHits);
  }
}
