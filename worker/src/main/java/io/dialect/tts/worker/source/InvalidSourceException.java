package io.dialect.tts.worker.source;

/**
 * The job's source cannot work (missing file or object, a CSV header without id/text): retrying is
 * pointless. Transient read failures surface as {@link java.io.UncheckedIOException} instead.
 */
public class InvalidSourceException extends RuntimeException {

  public InvalidSourceException(String message) {
    super(message);
  }

  public InvalidSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
