package io.dialect.tts.worker.provider;

import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.micrometer.core.instrument.MeterRegistry;

/** What every paid HTTP provider shares: its settings, its HTTP client, and that it bills. */
abstract class RemoteProvider implements TtsProvider {
  protected final ProviderSettings settings;
  protected final UpstreamHttp http;

  /** @param meters where the provider's HTTP exchanges are counted */
  protected RemoteProvider(ProviderSettings settings, MeterRegistry meters) {
    this.settings = settings;
    this.http = new UpstreamHttp(settings.name(), settings.timeouts(), meters);
  }

  @Override
  public final String name() {
    return settings.name();
  }

  @Override
  public final boolean billed() {
    return true;
  }

  @Override
  public final int maxCharactersPerRequest() {
    return settings.maxCharactersPerRequest();
  }
}
