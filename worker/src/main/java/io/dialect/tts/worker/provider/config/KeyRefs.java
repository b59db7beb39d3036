package io.dialect.tts.worker.provider.config;

/** The provider's primary key and an optional backup key used when the primary is refused. */
public record KeyRefs(KeyRef primary, KeyRef backup) {
}
