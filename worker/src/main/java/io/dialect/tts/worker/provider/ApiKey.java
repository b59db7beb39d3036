package io.dialect.tts.worker.provider;

import io.dialect.tts.worker.provider.config.KeyRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One API key of a provider. {@code name} ({@code primary}/{@code backup}) is what logs, metrics and
 * manifests may show; the value is never printed.
 */
public record ApiKey(String name, String value) {
  public static final String PRIMARY = "primary";
  public static final String BACKUP = "backup";

  public ApiKey {
    Objects.requireNonNull(name, "name");
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("key " + name + " is empty");
    }
  }

  /**
   * Reads a key from where the Secret puts it. A missing source is a start-up error that names the
   * variable or file, not the value.
   *
   * @param environment looks up environment variables ({@code System::getenv} in production)
   */
  public static ApiKey load(String provider, String name, KeyRef ref, UnaryOperator<String> environment) {
    String where = "provider '" + provider + "' key " + name + ": " + ref.describe();
    String value;
    if (ref.env() != null) {
      value = environment.apply(ref.env());
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(where + " is not set or empty");
      }
    } else {
      try {
        value = Files.readString(Path.of(ref.file()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
      }
      if (value.isBlank()) {
        throw new IllegalStateException(where + " is empty");
      }
    }
    // Secret files and env values often end with a newline that is not part of the key.
    return new ApiKey(name, value.strip());
  }

  @Override
  public String toString() {
    return "ApiKey[" + name + ", value=***]";
  }
}
