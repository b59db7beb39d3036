package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What to synthesize and where to put it. The CEL rules below are evaluated by the API server at
 * {@code kubectl apply}; rules that mention {@code oldSelf} only run on updates and keep the
 * job's work definition immutable (a changed job is a new job): everything that shapes what is
 * synthesized, how it is paid for and where it goes. What stays mutable takes effect on the running job
 * (parallelism, suspend, activeDeadlineSeconds), is read live (failurePolicy, ttlSecondsAfterFinished), or
 * only matters while the job is queued (priority).
 */
@JsonClassDescription("What to synthesize (inline items or a source), in which dialect and voice, and where the audio "
    + "goes. The work definition is immutable once created; parallelism, suspend and activeDeadlineSeconds take "
    + "effect on the running job.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.items) != has(self.source)",
    message = "exactly one of spec.items or spec.source must be set")
@ValidationRule(value = "self.dialect == oldSelf.dialect",
    message = "spec.dialect is immutable; create a new TTSJob for another dialect")
@ValidationRule(value = "has(self.voice) == has(oldSelf.voice) && (!has(self.voice) || self.voice == oldSelf.voice)",
    message = "spec.voice is immutable; create a new TTSJob for another voice")
@ValidationRule(value = "has(self.items) == has(oldSelf.items) && (!has(self.items) || self.items == oldSelf.items)",
    message = "spec.items is immutable; create a new TTSJob for other texts")
@ValidationRule(value = "has(self.source) == has(oldSelf.source) && (!has(self.source) || self.source == oldSelf.source)",
    message = "spec.source is immutable; create a new TTSJob for another source")
@ValidationRule(value = "self.output == oldSelf.output",
    message = "spec.output is immutable; create a new TTSJob for another output place")
@ValidationRule(value = "has(self.format) == has(oldSelf.format) && (!has(self.format) || self.format == oldSelf.format)",
    message = "spec.format is immutable; create a new TTSJob for another audio format")
@ValidationRule(value = "has(self.speed) == has(oldSelf.speed) && (!has(self.speed) || self.speed == oldSelf.speed)",
    message = "spec.speed is immutable; create a new TTSJob for another speaking rate")
@ValidationRule(value = "has(self.emotion) == has(oldSelf.emotion) && (!has(self.emotion) || self.emotion == oldSelf.emotion)",
    message = "spec.emotion is immutable; create a new TTSJob for another emotion")
@ValidationRule(value = "has(self.providers) == has(oldSelf.providers) && (!has(self.providers) || self.providers == oldSelf.providers)",
    message = "spec.providers is immutable; create a new TTSJob for another provider order")
@ValidationRule(value = "has(self.cache) == has(oldSelf.cache) && (!has(self.cache) || self.cache == oldSelf.cache)",
    message = "spec.cache is immutable; create a new TTSJob to change its cache use")
public class TTSJobSpec {
  public static final String DIALECT_PATTERN = "^[a-z][a-z0-9-]{0,31}$";
  public static final String VOICE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
  public static final String EMOTION_PATTERN = "^[a-z][a-z0-9-]{0,31}$";

  public static final int MAX_INLINE_ITEMS = 100;

  @Required
  @Size(max = 32)
  @Pattern(DIALECT_PATTERN)
  @JsonPropertyDescription("Dialect of the items unless an item says otherwise, e.g. dongbei, sichuan, shanghai, "
      + "cantonese, minnan, hakka, mandarin. Checked against the operator's voice catalog. Immutable.")
  private String dialect;

  @Size(max = 64)
  @Pattern(VOICE_PATTERN)
  @JsonPropertyDescription("Voice name from the voice catalog for the dialect; empty means the dialect's "
      + "default voice. Immutable.")
  private String voice;

  @Default("1.0")
  @Min(0.5)
  @Max(2.0)
  @JsonPropertyDescription("Speaking rate, 0.5 (half speed) to 2.0 (double speed); default 1.0. Immutable.")
  private Double speed;

  @Default("neutral")
  @Size(max = 32)
  @Pattern(EMOTION_PATTERN)
  @JsonPropertyDescription("Emotion or style where the voice supports one (e.g. neutral, cheerful); "
      + "ignored by voices without styles. Immutable.")
  private String emotion;

  @Default("mp3")
  @JsonPropertyDescription("Audio format of the output files: mp3 (default), wav or ogg. Immutable.")
  private AudioFormat format;

  @Default("normal")
  @JsonPropertyDescription("Admission order among queued jobs of the namespace: high, normal (default) or low. "
      + "May change while the job is queued.")
  private Priority priority;

  // Unique ids come from the schema (a list map keyed by id, added by CrdPostProcessor), which costs no CEL budget.
  @Size(min = 1, max = MAX_INLINE_ITEMS)
  @JsonPropertyDescription("Texts to synthesize, for small jobs (at most 100 items, ids unique); use spec.source for more. "
      + "Exactly one of items and source is set. Immutable.")
  private List<TTSItem> items;

  @JsonPropertyDescription("Where to read the items of a large job (a ConfigMap key or an S3 object, JSONL or "
      + "CSV). Exactly one of items and source is set. Immutable.")
  private TTSSource source;

  @Required
  @JsonPropertyDescription("Where audio files ({id}.{format}) and manifest.jsonl are written: exactly one of "
      + "s3 or pvc. Immutable.")
  private TTSOutput output;

  @Default("1")
  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Number of worker pods synthesizing at once (1 to 64); capped by the namespace's "
      + "TTSQuota maxParallelismPerJob and by the job's shards. A change takes effect on the running job.")
  private Integer parallelism;

  @Size(max = 8)
  @JsonPropertyDescription("Provider failover order for this job, e.g. [xiangyinge, espeak]; empty means the "
      + "operator's configured order. Each name must be a configured provider. Immutable.")
  private List<String> providers;

  @JsonPropertyDescription("Cache use; on by default. Immutable.")
  private CacheSpec cache;

  @JsonPropertyDescription("How many failed items the job tolerates; read live, so a change applies to the running job.")
  private FailurePolicy failurePolicy;

  @Default("false")
  @JsonPropertyDescription("Pause the job: running worker pods stop, no new ones start; finished items are kept "
      + "and not billed again on resume.")
  private Boolean suspend;

  @Min(0)
  @JsonPropertyDescription("Delete the TTSJob this many seconds after it finished; empty keeps it.")
  private Long ttlSecondsAfterFinished;

  @Min(1)
  @JsonPropertyDescription("Stop the job's workers after this many seconds of running; empty means no limit. A change "
      + "takes effect on the running job.")
  private Long activeDeadlineSeconds;

  public String getDialect() { return dialect; }
  public void setDialect(String dialect) { this.dialect = dialect; }
  public String getVoice() { return voice; }
  public void setVoice(String voice) { this.voice = voice; }
  public Double getSpeed() { return speed; }
  public void setSpeed(Double speed) { this.speed = speed; }
  public String getEmotion() { return emotion; }
  public void setEmotion(String emotion) { this.emotion = emotion; }
  public AudioFormat getFormat() { return format; }
  public void setFormat(AudioFormat format) { this.format = format; }
  public Priority getPriority() { return priority; }
  public void setPriority(Priority priority) { this.priority = priority; }
  public List<TTSItem> getItems() { return items; }
  public void setItems(List<TTSItem> items) { this.items = items; }
  public TTSSource getSource() { return source; }
  public void setSource(TTSSource source) { this.source = source; }
  public TTSOutput getOutput() { return output; }
  public void setOutput(TTSOutput output) { this.output = output; }
  public Integer getParallelism() { return parallelism; }
  public void setParallelism(Integer parallelism) { this.parallelism = parallelism; }
  public List<String> getProviders() { return providers; }
  public void setProviders(List<String> providers) { this.providers = providers; }
  public CacheSpec getCache() { return cache; }
  public void setCache(CacheSpec cache) { this.cache = cache; }
  public FailurePolicy getFailurePolicy() { return failurePolicy; }
  public void setFailurePolicy(FailurePolicy failurePolicy) { this.failurePolicy = failurePolicy; }
  public Boolean getSuspend() { return suspend; }
  public void setSuspend(Boolean suspend) { this.suspend = suspend; }
  public Long getTtlSecondsAfterFinished() { return ttlSecondsAfterFinished; }
  public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) { this.ttlSecondsAfterFinished = ttlSecondsAfterFinished; }
  public Long getActiveDeadlineSeconds() { return activeDeadlineSeconds; }
  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) { this.activeDeadlineSeconds = activeDeadlineSeconds; }

  // Effective values: the CRD schema defaults these on the server; a manifest read locally may omit them.

  public double effectiveSpeed() { return speed == null ? 1.0 : speed; }
  public String effectiveEmotion() { return emotion == null ? "neutral" : emotion; }
  public AudioFormat effectiveFormat() { return format == null ? AudioFormat.MP3 : format; }
  public Priority effectivePriority() { return priority == null ? Priority.NORMAL : priority; }
  public int effectiveParallelism() { return parallelism == null ? 1 : parallelism; }
  public boolean cacheEnabled() { return cache == null || cache.getEnabled() == null || cache.getEnabled(); }
  public int maxFailedItems() {
    return failurePolicy == null || failurePolicy.getMaxFailedItems() == null ? 0 : failurePolicy.getMaxFailedItems();
  }
  @JsonIgnore // a convenience, not a field of the API
  public boolean isSuspended() { return Boolean.TRUE.equals(suspend); }
}
