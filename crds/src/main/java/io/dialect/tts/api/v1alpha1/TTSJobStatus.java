package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the operator observed of a TTSJob; written only by the operator. */
@JsonClassDescription("What the operator observed of the job: phase and the reason for it, item counts, billed "
    + "characters, the worker Job, and the Admitted, Running, Degraded, Complete and Failed conditions. Written only "
    + "by the operator.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TTSJobStatus {
  @JsonPropertyDescription("Pending, Queued (waiting for quota), Running, Succeeded, Failed or Suspended.")
  private JobPhase phase;

  @JsonPropertyDescription("A CamelCase word saying why the job is in its phase: the reason of the condition that "
      + "explains it, e.g. WaitingForQuota or DialectNotAllowed (Queued), InvalidSpec or Misconfigured (Pending), "
      + "QuotaExhausted (Suspended), TooManyFailedItems (Failed). That condition's message says more.")
  private String reason;

  @JsonPropertyDescription("Number of items in the job, once known.")
  private Long total;

  @JsonPropertyDescription("Items whose audio was written.")
  private Long succeeded;

  @JsonPropertyDescription("Items that ended without audio (failed, or rejected by content policy); the manifest "
      + "gives each one's reason. Items the quota refuses are not failed: the workers retry them, and the job is "
      + "suspended while a hard quota is used up.")
  private Long failed;

  @JsonPropertyDescription("Succeeded items served from a cache (not billed).")
  private Long cached;

  @JsonPropertyDescription("Finished items over total, e.g. 42/100.")
  private String progress;

  @JsonPropertyDescription("Characters synthesized and billed.")
  private CharacterCounts characters;

  @JsonPropertyDescription("Items served by each provider, e.g. {xiangyinge: 80, espeak: 3}.")
  private Map<String, Long> providers;

  @JsonPropertyDescription("URI of the manifest.jsonl listing every item's outcome.")
  private String manifest;

  @JsonPropertyDescription("Name of the batch/v1 Job running the workers.")
  private String workerJob;

  @JsonPropertyDescription("Number of shards (indexes of the worker Job) the items are split into.")
  private Integer shards;

  @JsonPropertyDescription("When the workers were first started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the job finished (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("The metadata.generation in effect: its parallelism, suspend and activeDeadlineSeconds "
      + "are applied to the worker Job (or there is nothing to apply: not launched yet, or finished).")
  private Long observedGeneration;

  @JsonPropertyDescription("Admitted, Running, Degraded, Complete and Failed conditions.")
  private List<Condition> conditions = new ArrayList<>();

  public JobPhase getPhase() { return phase; }
  public void setPhase(JobPhase phase) { this.phase = phase; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public Long getTotal() { return total; }
  public void setTotal(Long total) { this.total = total; }
  public Long getSucceeded() { return succeeded; }
  public void setSucceeded(Long succeeded) { this.succeeded = succeeded; }
  public Long getFailed() { return failed; }
  public void setFailed(Long failed) { this.failed = failed; }
  public Long getCached() { return cached; }
  public void setCached(Long cached) { this.cached = cached; }
  public String getProgress() { return progress; }
  public void setProgress(String progress) { this.progress = progress; }
  public CharacterCounts getCharacters() { return characters; }
  public void setCharacters(CharacterCounts characters) { this.characters = characters; }
  public Map<String, Long> getProviders() { return providers; }
  public void setProviders(Map<String, Long> providers) { this.providers = providers; }
  public String getManifest() { return manifest; }
  public void setManifest(String manifest) { this.manifest = manifest; }
  public String getWorkerJob() { return workerJob; }
  public void setWorkerJob(String workerJob) { this.workerJob = workerJob; }
  public Integer getShards() { return shards; }
  public void setShards(Integer shards) { this.shards = shards; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getCompletionTime() { return completionTime; }
  public void setCompletionTime(String completionTime) { this.completionTime = completionTime; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }

  @Override
  public boolean equals(Object o) {
    return o instanceof TTSJobStatus s && phase == s.phase && Objects.equals(reason, s.reason)
        && Objects.equals(total, s.total)
        && Objects.equals(succeeded, s.succeeded) && Objects.equals(failed, s.failed)
        && Objects.equals(cached, s.cached) && Objects.equals(progress, s.progress)
        && Objects.equals(characters, s.characters) && Objects.equals(providers, s.providers)
        && Objects.equals(manifest, s.manifest) && Objects.equals(workerJob, s.workerJob)
        && Objects.equals(shards, s.shards)
        && Objects.equals(startTime, s.startTime) && Objects.equals(completionTime, s.completionTime)
        && Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, reason, total, succeeded, failed, cached, progress, characters, providers, manifest,
        workerJob, shards, startTime, completionTime, observedGeneration, conditions);
  }
}
