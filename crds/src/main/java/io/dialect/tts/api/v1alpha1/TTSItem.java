package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One text to synthesize; fields left empty take the job's values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TTSItem {
  /** Ids become file names, so they are limited to characters safe in a path segment. */
  public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";
  public static final int MAX_TEXT_LENGTH = 10000;

  @Required
  @Pattern(ID_PATTERN)
  @Size(max = 63)
  @JsonPropertyDescription("Unique id of the item within the job; names the audio file ({id}.{format}) and its manifest line. "
      + "Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters.")
  private String id;

  @Required
  @Size(min = 1, max = MAX_TEXT_LENGTH)
  @JsonPropertyDescription("The text to speak (1 to 10000 characters). Longer texts are split at sentence boundaries "
      + "to fit the provider's request limit and the audio joined.")
  private String text;

  @Size(max = 32)
  @Pattern(TTSJobSpec.DIALECT_PATTERN)
  @JsonPropertyDescription("Dialect of this item, overriding spec.dialect.")
  private String dialect;

  @Size(max = 64)
  @Pattern(TTSJobSpec.VOICE_PATTERN)
  @JsonPropertyDescription("Voice of this item, overriding spec.voice.")
  private String voice;

  @Min(0.5)
  @Max(2.0)
  @JsonPropertyDescription("Speaking rate of this item, overriding spec.speed (0.5 to 2.0).")
  private Double speed;

  @Size(max = 32)
  @Pattern(TTSJobSpec.EMOTION_PATTERN)
  @JsonPropertyDescription("Emotion of this item, overriding spec.emotion.")
  private String emotion;

  public TTSItem() {
  }

  public TTSItem(String id, String text) {
    this.id = id;
    this.text = text;
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getText() { return text; }
  public void setText(String text) { this.text = text; }
  public String getDialect() { return dialect; }
  public void setDialect(String dialect) { this.dialect = dialect; }
  public String getVoice() { return voice; }
  public void setVoice(String voice) { this.voice = voice; }
  public Double getSpeed() { return speed; }
  public void setSpeed(Double speed) { this.speed = speed; }
  public String getEmotion() { return emotion; }
  public void setEmotion(String emotion) { this.emotion = emotion; }
}
