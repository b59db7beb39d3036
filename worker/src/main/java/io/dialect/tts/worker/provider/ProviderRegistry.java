package io.dialect.tts.worker.provider;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.provider.config.KeyRef;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.provider.config.ProviderType;
import io.dialect.tts.worker.provider.config.ProvidersConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The providers built from configuration, with their keys loaded. Keys are read once, at start-up,
 * so a missing Secret fails the worker before any item is touched.
 */
public final class ProviderRegistry {

  /** A provider with the settings it was built from and its keys in the order to use them. */
  public record Entry(TtsProvider provider, ProviderSettings settings, List<ApiKey> keys) {
    public String name() {
      return provider.name();
    }
  }

  private final Map<String, Entry> entries;
  private final List<String> order;
  private final Entry local;

  public ProviderRegistry(List<Entry> entries, List<String> order, Entry local) {
    this.entries = new LinkedHashMap<>();
    entries.forEach(e -> this.entries.put(e.name(), e));
    this.order = List.copyOf(order);
    this.local = local;
  }

  /**
   * Builds every configured provider with its keys.
   *
   * @param environment environment variable lookup (tests pass a map's {@code get})
   * @param meters      where the remote providers count their HTTP exchanges
   */
  public static ProviderRegistry fromConfig(ProvidersConfig config, UnaryOperator<String> environment,
      AudioTranscoder transcoder, MeterRegistry meters) {
    List<Entry> entries = new ArrayList<>();
    for (ProviderSettings s : config.providers()) {
      entries.add(new Entry(build(s, transcoder, meters), s, keys(s, environment)));
    }
    // The dialect fallback needs a local engine even when the config lists none.
    Entry local = entries.stream().filter(e -> e.settings().type() == ProviderType.ESPEAK).findFirst()
        .orElseGet(() -> {
          ProviderSettings s = new ProviderSettings(VoiceCatalog.LOCAL_PROVIDER, ProviderType.ESPEAK,
              null, null, null, null, null, null, null, null, null, null, null);
          return new Entry(build(s, transcoder, meters), s, List.of());
        });
    return new ProviderRegistry(entries, config.order(), local);
  }

  public static TtsProvider build(ProviderSettings settings, AudioTranscoder transcoder, MeterRegistry meters) {
    return switch (settings.type()) {
      case XIANGYINGE -> new XiangyingeProvider(settings, meters);
      case AZURE -> new AzureProvider(settings, meters);
      case OPENAI -> new OpenAiProvider(settings, meters);
      case ESPEAK -> new EspeakProvider(settings, transcoder);
    };
  }

  private static List<ApiKey> keys(ProviderSettings s, UnaryOperator<String> environment) {
    if (s.keys() == null) {
      return List.of();
    }
    List<ApiKey> keys = new ArrayList<>();
    keys.add(ApiKey.load(s.name(), ApiKey.PRIMARY, s.keys().primary(), environment));
    KeyRef backup = s.keys().backup();
    if (backup != null) {
      keys.add(ApiKey.load(s.name(), ApiKey.BACKUP, backup, environment));
    }
    return keys;
  }

  public Optional<Entry> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Every provider, the local fallback engine included. */
  public List<Entry> all() {
    List<Entry> all = new ArrayList<>(entries.values());
    if (!entries.containsKey(local.name())) {
      all.add(local);
    }
    return all;
  }

  /** The configured failover order (provider names). */
  public List<String> order() {
    return order;
  }

  /** The local engine that stands in, degraded, where a dialect allows it. */
  public Entry local() {
    return local;
  }
}
