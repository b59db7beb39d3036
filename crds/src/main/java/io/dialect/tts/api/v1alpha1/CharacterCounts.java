package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Characters of a job: all of them, and those a paid provider billed (cache hits and local synthesis are free). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CharacterCounts {
  @JsonPropertyDescription("Characters of all finished items.")
  private Long total;

  @JsonPropertyDescription("Characters sent to billed providers (excludes cache hits and the local engine).")
  private Long billed;

  public CharacterCounts() {
  }

  public CharacterCounts(long total, long billed) {
    this.total = total;
    this.billed = billed;
  }

  public Long getTotal() { return total; }
  public void setTotal(Long total) { this.total = total; }
  public Long getBilled() { return billed; }
  public void setBilled(Long billed) { this.billed = billed; }

  @Override
  public boolean equals(Object o) {
    return o instanceof CharacterCounts c && Objects.equals(total, c.total) && Objects.equals(billed, c.billed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, billed);
  }
}
