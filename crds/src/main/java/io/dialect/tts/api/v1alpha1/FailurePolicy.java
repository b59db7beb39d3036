package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** When a job counts as failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailurePolicy {
  @Default("0")
  @Min(0)
  @JsonPropertyDescription("How many items may fail (or be rejected) while the job still ends Succeeded. "
      + "Failed items never stop the other items; items the quota holds back never count as failed.")
  private Integer maxFailedItems;

  public Integer getMaxFailedItems() { return maxFailedItems; }
  public void setMaxFailedItems(Integer maxFailedItems) { this.maxFailedItems = maxFailedItems; }
}
