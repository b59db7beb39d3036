package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire protocols the worker speaks. */
public enum ProviderType {
  XIANGYINGE, AZURE, OPENAI, ESPEAK;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ProviderType of(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown provider type '" + name + "' (known: "
            + Arrays.stream(values()).map(ProviderType::wireName).collect(Collectors.joining(", ")) + ")"));
  }
}
