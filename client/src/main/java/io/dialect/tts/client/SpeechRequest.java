package io.dialect.tts.client;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What to synthesize: the text, its dialect (the gateway requires one and answers 400 with the known
 * dialects without it) and, optionally, voice, speed, emotion and audio format. Whatever optional is
 * left unset is the gateway's choice (the dialect's default voice, mp3).
 *
 * <p>Immutable: each setter returns a new request, so one request can be shared between threads and
 * used as a template:
 *
 * <pre>{@code
 * SpeechRequest dongbei = SpeechRequest.of("老铁们好").dialect("dongbei").voice("dongbei_laotie");
 * Speech speech = client.synthesize(dongbei.format(AudioFormat.WAV));
 * }</pre>
 */
public final class SpeechRequest {
  private final String text;
  private final String dialect;
  private final String voice;
  private final Double speed;
  private final String emotion;
  private final AudioFormat format;

  private SpeechRequest(String text, String dialect, String voice, Double speed, String emotion, AudioFormat format) {
    this.text = text;
    this.dialect = dialect;
    this.voice = voice;
    this.speed = speed;
    this.emotion = emotion;
    this.format = format;
  }

  /**
   * A request to speak {@code text}, everything else left to the gateway.
   *
   * @throws IllegalArgumentException when the text is blank: there is nothing to synthesize
   */
  public static SpeechRequest of(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank");
    }
    return new SpeechRequest(text, null, null, null, null, null);
  }

  /** This request in the given dialect, e.g. {@code dongbei}, {@code cantonese}; the gateway checks it against its catalog. */
  public SpeechRequest dialect(String dialect) {
    return new SpeechRequest(text, Objects.requireNonNull(dialect, "dialect"), voice, speed, emotion, format);
  }

  /** This request spoken by the given voice of the catalog, e.g. {@code dongbei_laotie}. */
  public SpeechRequest voice(String voice) {
    return new SpeechRequest(text, dialect, Objects.requireNonNull(voice, "voice"), speed, emotion, format);
  }

  /**
   * This request at the given speaking rate, 1.0 being the voice's normal pace; the gateway decides
   * which range it accepts.
   *
   * @throws IllegalArgumentException when the speed is not a positive finite number
   */
  public SpeechRequest speed(double speed) {
    if (!Double.isFinite(speed) || speed <= 0) {
      throw new IllegalArgumentException("speed must be a positive finite number, got " + speed);
    }
    return new SpeechRequest(text, dialect, voice, speed, emotion, format);
  }

  /** This request with the given emotion, e.g. {@code neutral}, {@code cheerful}, where the voice supports it. */
  public SpeechRequest emotion(String emotion) {
    return new SpeechRequest(text, dialect, voice, speed, Objects.requireNonNull(emotion, "emotion"), format);
  }

  /** This request answered in the given audio format. */
  public SpeechRequest format(AudioFormat format) {
    return new SpeechRequest(text, dialect, voice, speed, emotion, Objects.requireNonNull(format, "format"));
  }

  /** The text to speak. */
  public String text() {
    return text;
  }

  /** The dialect asked for, if any. */
  public Optional<String> dialect() {
    return Optional.ofNullable(dialect);
  }

  /** The voice asked for, if any. */
  public Optional<String> voice() {
    return Optional.ofNullable(voice);
  }

  /** The speaking rate asked for, if any. */
  public OptionalDouble speed() {
    return speed == null ? OptionalDouble.empty() : OptionalDouble.of(speed);
  }

  /** The emotion asked for, if any. */
  public Optional<String> emotion() {
    return Optional.ofNullable(emotion);
  }

  /** The audio format asked for, if any. */
  public Optional<AudioFormat> format() {
    return Optional.ofNullable(format);
  }

  /** The request's settings and the length of its text, not the text itself (it may be personal data). */
  @Override
  public String toString() {
    return "SpeechRequest[" + text.length() + " chars"
        + (dialect == null ? "" : ", dialect=" + dialect)
        + (voice == null ? "" : ", voice=" + voice)
        + (speed == null ? "" : ", speed=" + speed)
        + (emotion == null ? "" : ", emotion=" + emotion)
        + (format == null ? "" : ", format=" + format.wireName()) + "]";
  }
}
