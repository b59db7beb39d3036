package io.dialect.tts.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VoiceCatalogTest {
  private final VoiceCatalog catalog = VoiceCatalog.defaultCatalog();

  @Test
  void defaultCatalogCoversTheLocalAndTheVendorDialects() {
    assertThat(catalog.dialectIds())
        .contains("mandarin", "cantonese", "hakka", "dongbei", "sichuan", "shanghai");
    assertThat(catalog.providerVoice("mandarin", "mandarin-female", "espeak")).contains("cmn");
    assertThat(catalog.providerVoice("cantonese", "cantonese-female", "espeak")).contains("yue");
    assertThat(catalog.providerVoice("hakka", "hakka-local", "espeak")).contains("hak");
    assertThat(catalog.providerVoice("dongbei", "dongbei_laotie", "azure")).contains("zh-CN-liaoning-XiaobeiNeural");
    assertThat(catalog.providerVoice("sichuan", "sichuan_mei", "azure")).contains("zh-CN-sichuan-YunxiNeural");
    assertThat(catalog.providerVoice("shanghai", "shanghai_ayi", "azure")).contains("wuu-CN-XiaotongNeural");
  }

  @Test
  void resolvesTheDefaultVoiceWhenNoneIsNamedAndRejectsVoicesOfOtherDialects() {
    assertThat(catalog.resolveVoice("dongbei", null)).contains("dongbei_laotie");
    assertThat(catalog.resolveVoice("dongbei", "sichuan_mei")).isEmpty();
    assertThat(catalog.resolveVoice("klingon", null)).isEmpty();
  }

  @Test
  void localFallbackIsOfferedOnlyWhereADialectAllowsIt() {
    assertThat(catalog.localFallback("dongbei")).contains("cmn");
    assertThat(catalog.localFallback("shanghai")).isEmpty();
  }

  @Test
  void readsTheCatalogSectionOfAProviderConfigAndRejectsABrokenOne() {
    VoiceCatalog custom = VoiceCatalog.fromConfigYaml("""
        providers: []
        catalog:
          dialects:
            dongbei:
              defaultVoice: laotie
              voices:
                laotie: {xiangyinge: dongbei_laotie}
        """);
    assertThat(custom.dialectIds()).containsExactly("dongbei");

    assertThatThrownBy(() -> VoiceCatalog.fromConfigYaml("providers: []"))
        .hasMessageContaining("no catalog.dialects");
    assertThatThrownBy(() -> VoiceCatalog.fromConfigYaml("""
        catalog:
          dialects:
            dongbei: {defaultVoice: missing, voices: {laotie: {azure: x}}}
        """)).hasMessageContaining("defaultVoice missing is not one of the voices");
  }
}
