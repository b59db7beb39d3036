package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A namespace's budget and policy for TTS. */
@JsonClassDescription("The namespace's limits (daily, monthly, concurrency, parallelism), the dialects and voices it "
    + "may use, its alert thresholds and whether the limits are enforced (hard) or only alerted on (soft).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TTSQuotaSpec {
  @JsonPropertyDescription("Limits per day; the day starts at midnight in spec.timeZone.")
  private UsageLimit daily;

  @JsonPropertyDescription("Limits per calendar month in spec.timeZone.")
  private UsageLimit monthly;

  @Min(1)
  @JsonPropertyDescription("TTSJobs of the namespace running at once; more wait in phase Queued, admitted by "
      + "priority and then creation time. Empty means no limit.")
  private Integer maxConcurrentJobs;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Upper bound on a job's worker pods; a larger spec.parallelism is capped to it.")
  private Integer maxParallelismPerJob;

  @Size(max = 64)
  @JsonPropertyDescription("Dialects the namespace may use; empty allows all dialects of the catalog.")
  private List<String> allowedDialects;

  @Size(max = 256)
  @JsonPropertyDescription("Voices the namespace may use; empty allows every voice of the allowed dialects.")
  private List<String> allowedVoices;

  @Size(max = 10)
  @ValidationRule(value = "self.all(t, t > 0.0 && t <= 1.0)",
      message = "each alert threshold must be greater than 0 and at most 1, e.g. 0.8 for 80%")
  @JsonPropertyDescription("Fractions of the daily character limit at which one Warning Event is emitted per "
      + "window, e.g. [0.8, 0.9, 1.0].")
  private List<Double> alertThresholds;

  @Default("hard")
  @JsonPropertyDescription("hard (default): billed calls past the limit are refused and running jobs suspended "
      + "until the window resets; soft: alert only.")
  private Enforcement enforcement;

  @Default("UTC")
  @Size(min = 1, max = 64)
  @Pattern("^[A-Za-z0-9_+/-]+$")
  @JsonPropertyDescription("IANA time zone in which the daily and monthly windows reset, e.g. Asia/Shanghai; "
      + "default UTC.")
  private String timeZone;

  public UsageLimit getDaily() { return daily; }
  public void setDaily(UsageLimit daily) { this.daily = daily; }
  public UsageLimit getMonthly() { return monthly; }
  public void setMonthly(UsageLimit monthly) { this.monthly = monthly; }
  public Integer getMaxConcurrentJobs() { return maxConcurrentJobs; }
  public void setMaxConcurrentJobs(Integer maxConcurrentJobs) { this.maxConcurrentJobs = maxConcurrentJobs; }
  public Integer getMaxParallelismPerJob() { return maxParallelismPerJob; }
  public void setMaxParallelismPerJob(Integer maxParallelismPerJob) { this.maxParallelismPerJob = maxParallelismPerJob; }
  public List<String> getAllowedDialects() { return allowedDialects; }
  public void setAllowedDialects(List<String> allowedDialects) { this.allowedDialects = allowedDialects; }
  public List<String> getAllowedVoices() { return allowedVoices; }
  public void setAllowedVoices(List<String> allowedVoices) { this.allowedVoices = allowedVoices; }
  public List<Double> getAlertThresholds() { return alertThresholds; }
  public void setAlertThresholds(List<Double> alertThresholds) { this.alertThresholds = alertThresholds; }
  public Enforcement getEnforcement() { return enforcement; }
  public void setEnforcement(Enforcement enforcement) { this.enforcement = enforcement; }
  public String getTimeZone() { return timeZone; }
  public void setTimeZone(String timeZone) { this.timeZone = timeZone; }

  public Enforcement effectiveEnforcement() { return enforcement == null ? Enforcement.HARD : enforcement; }
  public String effectiveTimeZone() { return timeZone == null ? "UTC" : timeZone; }
}
