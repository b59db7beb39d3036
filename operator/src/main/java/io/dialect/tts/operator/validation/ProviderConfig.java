package io.dialect.tts.operator.validation;

import io.dialect.tts.api.catalog.VoiceCatalog;
import java.util.Optional;

/** The provider config file as read from its ConfigMap (absent when none is configured) and its voice catalog. */
public record ProviderConfig(Optional<String> yaml, VoiceCatalog catalog) {
}
