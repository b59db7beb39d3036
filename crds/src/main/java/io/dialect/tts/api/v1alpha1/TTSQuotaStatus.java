package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Usage of the namespace in the current windows, as the operator last read it. */
@JsonClassDescription("The namespace's usage in the current daily and monthly windows as the operator last read it, "
    + "what is left, the active jobs, and the ThresholdReached, Exceeded and LimitsPublished conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TTSQuotaStatus {
  @JsonPropertyDescription("The current daily window (a date in spec.timeZone, e.g. 2026-11-25).")
  private String window;

  @JsonPropertyDescription("Usage in the current daily window.")
  private UsageCounts used;

  @JsonPropertyDescription("What is left of the daily limits (absent where there is no limit).")
  private UsageCounts remaining;

  @JsonPropertyDescription("The current monthly window, e.g. 2026-11.")
  private String monthlyWindow;

  @JsonPropertyDescription("Usage in the current monthly window.")
  private UsageCounts monthlyUsed;

  @JsonPropertyDescription("Daily billed characters as a percentage of the daily limit, rounded down.")
  private Integer percent;

  @JsonPropertyDescription("TTSJobs of the namespace admitted and not finished.")
  private Integer activeJobs;

  @JsonPropertyDescription("Alert thresholds already announced in the current window (one Warning Event each).")
  private List<Double> notifiedThresholds = new ArrayList<>();

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("ThresholdReached, Exceeded and LimitsPublished (False while Redis is unreachable) "
      + "conditions.")
  private List<Condition> conditions = new ArrayList<>();

  public String getWindow() { return window; }
  public void setWindow(String window) { this.window = window; }
  public UsageCounts getUsed() { return used; }
  public void setUsed(UsageCounts used) { this.used = used; }
  public UsageCounts getRemaining() { return remaining; }
  public void setRemaining(UsageCounts remaining) { this.remaining = remaining; }
  public String getMonthlyWindow() { return monthlyWindow; }
  public void setMonthlyWindow(String monthlyWindow) { this.monthlyWindow = monthlyWindow; }
  public UsageCounts getMonthlyUsed() { return monthlyUsed; }
  public void setMonthlyUsed(UsageCounts monthlyUsed) { this.monthlyUsed = monthlyUsed; }
  public Integer getPercent() { return percent; }
  public void setPercent(Integer percent) { this.percent = percent; }
  public Integer getActiveJobs() { return activeJobs; }
  public void setActiveJobs(Integer activeJobs) { this.activeJobs = activeJobs; }
  public List<Double> getNotifiedThresholds() { return notifiedThresholds; }
  public void setNotifiedThresholds(List<Double> notifiedThresholds) { this.notifiedThresholds = notifiedThresholds; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }

  @Override
  public boolean equals(Object o) {
    return o instanceof TTSQuotaStatus s && Objects.equals(window, s.window) && Objects.equals(used, s.used)
        && Objects.equals(remaining, s.remaining) && Objects.equals(monthlyWindow, s.monthlyWindow)
        && Objects.equals(monthlyUsed, s.monthlyUsed) && Objects.equals(percent, s.percent)
        && Objects.equals(activeJobs, s.activeJobs) && Objects.equals(notifiedThresholds, s.notifiedThresholds)
        && Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(window, used, remaining, monthlyWindow, monthlyUsed, percent, activeJobs,
        notifiedThresholds, observedGeneration, conditions);
  }
}
