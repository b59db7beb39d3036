package io.dialect.tts.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.provider.config.ProviderType;
import io.dialect.tts.worker.provider.config.ProvidersConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The providers: and providerOrder: sections of the worker config file, bound and validated. */
class ProvidersConfigTest {
  private static final String EXAMPLE = """
      providers:
        - name: xiangyinge
          type: xiangyinge
          baseUrl: https://api.xiangyinge.example/v1
          keys:
            primary: {env: XIANGYINGE_KEY}
            backup: {file: /var/run/secrets/tts/xiangyinge-backup}
          timeouts: {connect: 2s, request: PT30S}
          rateLimit: {requestsPerSecond: 20}
          maxConcurrency: 8
          retry: {maxAttempts: 4, initialBackoff: 200ms, maxBackoff: 5s, multiplier: 2}
          circuitBreaker: {failureRateThreshold: 50, minimumCalls: 10, slidingWindowSize: 20, openFor: 30s}
          maxCharactersPerRequest: 500
          wire: {authHeader: Authorization, authScheme: Bearer, response: url, audioUrlField: audio_url}
        - name: azure
          type: azure
          region: eastasia
          keys: {primary: {env: AZURE_SPEECH_KEY}}
        - name: espeak
          type: espeak
      providerOrder: [xiangyinge, azure, espeak]
      catalog: {ignored: here}
      """;

  private static ProvidersConfig parse(String yaml) throws Exception {
    return ProvidersConfig.fromConfigNode(new YAMLMapper().readTree(yaml));
  }

  @Test
  void bindsTheExampleWithDurationsAndDefaults() throws Exception {
    ProvidersConfig config = parse(EXAMPLE);

    assertThat(config.order()).containsExactly("xiangyinge", "azure", "espeak");
    ProviderSettings vendor = config.provider("xiangyinge").orElseThrow();
    assertThat(vendor.type()).isEqualTo(ProviderType.XIANGYINGE);
    assertThat(vendor.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
    assertThat(vendor.timeouts().request()).isEqualTo(Duration.ofSeconds(30));
    assertThat(vendor.retry().initialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(vendor.keys().backup().file()).isEqualTo("/var/run/secrets/tts/xiangyinge-backup");
    assertThat(vendor.wire().ttsPath()).as("unset wire details keep the vendor contract").isEqualTo("/tts");
    ProviderSettings azure = config.provider("azure").orElseThrow();
    assertThat(azure.maxCharactersPerRequest()).isPositive();
    assertThat(azure.circuitBreaker().openFor()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void anEmptyOrderMeansTheListedOrder() throws Exception {
    assertThat(parse(EXAMPLE.replace("providerOrder: [xiangyinge, azure, espeak]", "")).order())
        .containsExactly("xiangyinge", "azure", "espeak");
  }

  @Test
  void mistakesAreReportedWithWhatIsWrong() {
    assertThatThrownBy(() -> parse(EXAMPLE.replace("type: azure", "type: polly")))
        .hasMessageContaining("unknown provider type 'polly'").hasMessageContaining("xiangyinge, azure, openai, espeak");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("name: azure", "name: xiangyinge")))
        .hasMessageContaining("provider name 'xiangyinge' is configured twice");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("providerOrder: [xiangyinge, azure, espeak]", "providerOrder: [openai]")))
        .hasMessageContaining("provider order names 'openai', which is not a configured provider");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("request: PT30S", "request: soon")))
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("region: eastasia", "")))
        .hasMessageContaining("provider 'azure' (azure) needs a region");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("    type: espeak", "    type: espeak\n    wire: {ttsPath: /x}")))
        .hasMessageContaining("only a xiangyinge provider takes");
  }

  @Test
  void keysComeFromEnvironmentAndFilesAndAMissingOneNamesItsSourceNotAValue(@TempDir Path secrets) throws Exception {
    Path backup = secrets.resolve("xiangyinge-backup");
    Files.writeString(backup, "backup-secret-value\n");
    ProvidersConfig config = parse(EXAMPLE.replace("/var/run/secrets/tts/xiangyinge-backup", backup.toString()));
    Map<String, String> env = Map.of("XIANGYINGE_KEY", "primary-secret-value", "AZURE_SPEECH_KEY", "azure-secret-value");

    ProviderRegistry registry = ProviderRegistry.fromConfig(config, env::get, new AudioTranscoder(), new SimpleMeterRegistry());

    assertThat(registry.entry("xiangyinge").orElseThrow().keys()).extracting(ApiKey::name, ApiKey::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", "primary-secret-value"),
            org.assertj.core.groups.Tuple.tuple("backup", "backup-secret-value"));
    assertThat(registry.entry("xiangyinge").orElseThrow().toString()).doesNotContain("secret-value");
    assertThat(registry.local().name()).isEqualTo("espeak");
    assertThatThrownBy(() -> ProviderRegistry.fromConfig(config, Map.of("XIANGYINGE_KEY", "primary-secret-value")::get,
        new AudioTranscoder(), new SimpleMeterRegistry()))
        .hasMessage("provider 'azure' key primary: environment variable AZURE_SPEECH_KEY is not set or empty");
    Files.delete(backup);
    assertThatThrownBy(() -> ProviderRegistry.fromConfig(config, env::get, new AudioTranscoder(), new SimpleMeterRegistry()))
        .hasMessageContaining("file " + backup + " cannot be read").hasMessageNotContaining("secret-value");
  }
}
