package io.dialect.tts.worker.provider;

import io.dialect.tts.worker.synthesis.Audio;

/**
 * One text-to-speech backend speaking its wire protocol. Providers do no retrying or failover
 * (the {@link ProviderChain} decorates them); they classify their failures as {@link ProviderException}.
 */
public interface TtsProvider {

  /** The configured name, as the catalog and the failover order use it. */
  String name();

  /** Whether calls cost money (characters count as billed); the local engine is free. */
  boolean billed();

  /** The longest text, in code points, one call may carry; longer texts are split by the chain. */
  int maxCharactersPerRequest();

  /** Speaks one chunk of text; throws {@link ProviderException} on failure. */
  Audio synthesize(ProviderCall call);
}
