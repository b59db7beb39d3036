package io.dialect.tts.worker.source;

/** Why an entry of the source cannot be synthesized; the name is the manifest's {@code reason}. */
public enum ProblemReason {
  /** The line cannot be read as an item: bad UTF-8, malformed JSON or CSV, a field of the wrong type. */
  InvalidInput,
  /** The id is missing or does not match {@code TTSItem.ID_PATTERN} (ids name files). */
  InvalidId,
  /** An earlier entry of the job has the same id; the first one keeps it. */
  DuplicateId,
  EmptyText,
  /** More than {@code TTSItem.MAX_TEXT_LENGTH} characters. */
  TextTooLong,
  /** Speed outside 0.5..2.0. */
  InvalidSpeed
}
