package io.dialect.tts.worker.source;

import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import java.util.regex.Pattern;

/**
 * Every per-item check, in one place, applied to the entries of one pass over a source in order.
 * The first entry with an id owns it; later entries with that id become {@link ProblemReason#DuplicateId}.
 * Every shard runs the validator over the whole source so all shards agree on which entry that is.
 * Not thread-safe.
 */
public final class ItemValidator {
  public static final double MIN_SPEED = 0.5;
  public static final double MAX_SPEED = 2.0;

  private static final Pattern ID = Pattern.compile(TTSItem.ID_PATTERN);
  private static final Pattern DIALECT = Pattern.compile(TTSJobSpec.DIALECT_PATTERN);
  private static final Pattern VOICE = Pattern.compile(TTSJobSpec.VOICE_PATTERN);
  private static final Pattern EMOTION = Pattern.compile(TTSJobSpec.EMOTION_PATTERN);

  private final IdFingerprints seen = new IdFingerprints();

  /** The entry itself if it is a valid item, else a problem entry at the same ordinal. */
  public SourceEntry validate(SourceEntry entry) {
    return switch (entry) {
      case SourceEntry.Item item -> validate(item);
      case SourceEntry.Problem problem -> claimId(problem);
    };
  }

  private SourceEntry validate(SourceEntry.Item entry) {
    SourceItem item = entry.item();
    long ordinal = entry.ordinal();
    long line = entry.line();
    if (item.id() == null || item.id().isBlank()) {
      return SourceEntry.Problem.of(ordinal, line, null, ProblemReason.InvalidId, "line " + line + " has no id");
    }
    if (!ID.matcher(item.id()).matches()) {
      return SourceEntry.Problem.of(ordinal, line, null, ProblemReason.InvalidId, "the id at line " + line
          + " is not 1 to 63 letters, digits, '.', '_' or '-' starting with a letter or digit (ids name files)");
    }
    String id = item.id();
    if (!seen.add(id)) {
      return SourceEntry.Problem.of(ordinal, line, SourceEntry.syntheticId(line), ProblemReason.DuplicateId,
          "id '" + id + "' at line " + line + " is used by an earlier item of the job");
    }
    if (item.text() == null || item.text().isBlank()) {
      return SourceEntry.Problem.of(ordinal, line, id, ProblemReason.EmptyText, "the text is empty");
    }
    int characters = item.text().codePointCount(0, item.text().length());
    if (characters > TTSItem.MAX_TEXT_LENGTH) {
      return SourceEntry.Problem.of(ordinal, line, id, ProblemReason.TextTooLong, "the text has " + characters
          + " characters; at most " + TTSItem.MAX_TEXT_LENGTH + " are allowed");
    }
    if (item.speed() != null && !(item.speed() >= MIN_SPEED && item.speed() <= MAX_SPEED)) {
      return SourceEntry.Problem.of(ordinal, line, id, ProblemReason.InvalidSpeed,
          "speed " + item.speed() + " is outside " + MIN_SPEED + ".." + MAX_SPEED);
    }
    String badField = !matches(DIALECT, item.dialect()) ? "dialect"
        : !matches(VOICE, item.voice()) ? "voice"
        : !matches(EMOTION, item.emotion()) ? "emotion" : null;
    if (badField != null) {
      return SourceEntry.Problem.invalidInput(ordinal, line, id, "the " + badField + " is not a valid name");
    }
    return entry;
  }

  /**
   * A problem reported under an id recovered from a broken line still claims that id, so a later
   * entry cannot produce a second manifest line for it; an unusable or already claimed id gives way
   * to {@code line-N}.
   */
  private SourceEntry claimId(SourceEntry.Problem problem) {
    String synthetic = SourceEntry.syntheticId(problem.line());
    if (problem.id().equals(synthetic)) {
      return problem;
    }
    return ID.matcher(problem.id()).matches() && seen.add(problem.id()) ? problem : problem.withId(synthetic);
  }

  private static boolean matches(Pattern pattern, String value) {
    return value == null || pattern.matcher(value).matches();
  }
}
