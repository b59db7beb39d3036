package io.dialect.tts.worker.source;

/**
 * One item as the source gave it, before validation and before the job's defaults are applied:
 * the optional fields are null when the source left them out.
 */
public record SourceItem(String id, String text, String dialect, String voice, Double speed, String emotion) {

  public SourceItem(String id, String text) {
    this(id, text, null, null, null, null);
  }
}
