package io.dialect.tts.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.worker.policy.ContentPolicySettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void embeddedDefaultsAreEspeakOnlyWithTheBuiltInCatalogAndAnInProcessCache() {
    WorkerConfig config = WorkerConfig.embedded();

    assertThat(config.providers().order()).containsExactly("espeak");
    assertThat(config.catalog().dialectIds()).contains("mandarin", "cantonese", "hakka");
    assertThat(config.cache().memory().maxBytes()).isEqualTo(CacheConfig.DEFAULT_MEMORY_BYTES);
    assertThat(config.cache().scope()).isEqualTo(CacheScope.NAMESPACE);
  }

  @Test
  void theExampleConfigBindsEverySection() {
    WorkerConfig config = WorkerConfig.load(Path.of("../examples/providers/worker-config.yaml"));

    assertThat(config.providers().order()).containsExactly("xiangyinge", "azure");
    assertThat(config.contentPolicy().mode()).isEqualTo(ContentPolicySettings.Mode.REJECT);
    assertThat(config.concurrency()).isEqualTo(8);
  }

  @Test
  void durationsAndCacheTiersBindFromShortText() {
    WorkerConfig config = WorkerConfig.parse("""
        providers: [{name: espeak, type: espeak}]
        cache: {scope: cluster, redis: {ttl: 2h}, s3: {bucket: tts-cache}}
        dedup: {lockTtl: 20s, maxWait: 5m, firstPoll: 10ms, maxPoll: 500ms}
        """);

    assertThat(config.cache().redis().ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(config.cache().s3().prefix()).isEqualTo("tts-cache/");
    assertThat(config.cache().scope().scopeFor("team-a")).isEqualTo("_cluster");
    assertThat(config.dedup().maxWait()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aTypoInASectionNameOrAFieldIsAClearError() {
    assertThatThrownBy(() -> WorkerConfig.parse("providers: [{name: espeak, type: espeak}]\ncahce: {}\n"))
        .hasMessageContaining("unknown section(s) [cahce]");
    assertThatThrownBy(() -> WorkerConfig.parse("providers: [{name: espeak, type: espeak}]\ncache: {memry: {}}\n"))
        .hasMessageContaining("cache section is invalid").hasMessageContaining("memry");
    assertThatThrownBy(() -> WorkerConfig.parse("providers: [{name: espeak, type: espeak}]\nconcurrency: 0\n"))
        .hasMessageContaining("concurrency must be at least 1");
  }
}
