package io.dialect.tts.worker.provider.config;

import java.net.URI;
import java.util.Objects;

/**
 * One configured provider: where it is, which keys it uses and how hard the worker may push it.
 *
 * @param name                    the name the catalog and the failover order use
 * @param baseUrl                 xiangyinge/openai: required; azure: overrides the regional endpoint
 * @param region                  azure: the Speech resource's region
 * @param model                   openai: the TTS model
 * @param keys                    remote providers: the primary and an optional backup key
 * @param maxConcurrency          calls in flight at once from this worker (bulkhead)
 * @param maxCharactersPerRequest longer texts are split at sentence boundaries
 * @param wire                    xiangyinge only: the vendor's wire details
 */
public record ProviderSettings(
    String name,
    ProviderType type,
    URI baseUrl,
    String region,
    String model,
    KeyRefs keys,
    Timeouts timeouts,
    RateLimitSettings rateLimit,
    Integer maxConcurrency,
    RetrySettings retry,
    CircuitBreakerSettings circuitBreaker,
    Integer maxCharactersPerRequest,
    XiangyingeWire wire) {

  public ProviderSettings {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("every provider needs a name");
    }
    if (type == null) {
      throw new IllegalArgumentException("provider '" + name + "' needs a type (xiangyinge, azure, openai, espeak)");
    }
    timeouts = Objects.requireNonNullElse(timeouts, Timeouts.DEFAULT);
    retry = Objects.requireNonNullElse(retry, RetrySettings.DEFAULT);
    circuitBreaker = Objects.requireNonNullElse(circuitBreaker, CircuitBreakerSettings.DEFAULT);
    maxConcurrency = Objects.requireNonNullElse(maxConcurrency, 8);
    maxCharactersPerRequest = Objects.requireNonNullElse(maxCharactersPerRequest, defaultMaxCharacters(type));
    wire = type == ProviderType.XIANGYINGE ? Objects.requireNonNullElse(wire, XiangyingeWire.DEFAULT) : wire;
    requireShape(name, type, baseUrl, region, keys, wire);
    if (maxConcurrency < 1 || maxCharactersPerRequest < 1) {
      throw new IllegalArgumentException("provider '" + name + "': maxConcurrency and maxCharactersPerRequest must be positive");
    }
  }

  private static void requireShape(String name, ProviderType type, URI baseUrl, String region, KeyRefs keys,
      XiangyingeWire wire) {
    String problem = null;
    if (type != ProviderType.ESPEAK && (keys == null || keys.primary() == null)) {
      problem = "needs keys.primary (env or file)";
    } else if ((type == ProviderType.XIANGYINGE || type == ProviderType.OPENAI) && baseUrl == null) {
      problem = "needs a baseUrl";
    } else if (type == ProviderType.AZURE && baseUrl == null && (region == null || region.isBlank())) {
      problem = "needs a region (or a baseUrl)";
    } else if (type != ProviderType.XIANGYINGE && wire != null) {
      problem = "has wire settings, which only a xiangyinge provider takes";
    }
    if (problem != null) {
      throw new IllegalArgumentException("provider '" + name + "' (" + type.wireName() + ") " + problem);
    }
  }

  /** Documented request limits: Azure's SSML and OpenAI's input cap; the vendor's is a guess kept conservative. */
  private static int defaultMaxCharacters(ProviderType type) {
    return switch (type) {
      case XIANGYINGE -> 500;
      case AZURE -> 3000;
      case OPENAI -> 4096;
      case ESPEAK -> 2000;
    };
  }
}
