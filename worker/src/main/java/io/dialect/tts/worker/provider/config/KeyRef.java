package io.dialect.tts.worker.provider.config;

/**
 * Where an API key is found: an environment variable or a file, both filled from a Kubernetes
 * Secret. Exactly one of the two is set.
 */
public record KeyRef(String env, String file) {
  public KeyRef {
    if ((env == null) == (file == null)) {
      throw new IllegalArgumentException("a key reference needs exactly one of env or file");
    }
  }

  /** Names the source, never the value: what a start-up error may say. */
  public String describe() {
    return env != null ? "environment variable " + env : "file " + file;
  }
}
