package io.dialect.tts.operator.launch;

import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.operator.config.OperatorConfig;
import io.dialect.tts.operator.config.OperatorConfig.ProviderSettings;
import java.util.List;
import java.util.Optional;

/** The configured providers a job uses: those it names (in its order), or all configured ones. */
public final class ProviderSelection {
  private ProviderSelection() {
  }

  /** Names the job asks for that the operator does not know; empty when all are known. */
  public static List<String> unknown(TTSJobSpec spec, OperatorConfig config) {
    return named(spec).stream().filter(name -> config.provider(name).isEmpty()).toList();
  }

  public static List<ProviderSettings> of(TTSJobSpec spec, OperatorConfig config) {
    List<String> named = named(spec);
    return named.isEmpty()
        ? config.providers()
        : named.stream().map(config::provider).flatMap(Optional::stream).toList();
  }

  private static List<String> named(TTSJobSpec spec) {
    return spec.getProviders() == null ? List.of() : spec.getProviders();
  }
}
