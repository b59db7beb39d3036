package io.dialect.tts.worker.provider.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured providers and the default failover order (provider names). An empty order means
 * the providers in the order they are listed.
 */
public record ProvidersConfig(List<ProviderSettings> providers, @JsonAlias("providerOrder") List<String> order) {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public ProvidersConfig {
    providers = providers == null ? List.of() : List.copyOf(providers);
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("no providers configured");
    }
    Set<String> names = new HashSet<>();
    for (ProviderSettings p : providers) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("provider name '" + p.name() + "' is configured twice");
      }
    }
    order = order == null || order.isEmpty() ? providers.stream().map(ProviderSettings::name).toList() : List.copyOf(order);
    for (String n : order) {
      if (!names.contains(n)) {
        throw new IllegalArgumentException("provider order names '" + n + "', which is not a configured provider " + names);
      }
    }
  }

  public Optional<ProviderSettings> provider(String name) {
    return providers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Binds the {@code providers:} and {@code providerOrder:} sections of a worker config tree (other
   * sections are ignored here). Every problem becomes one IllegalArgumentException whose message
   * says what is wrong where.
   */
  public static ProvidersConfig fromConfigNode(JsonNode config) {
    ObjectNode section = JsonNodeFactory.instance.objectNode();
    section.set("providers", config.get("providers"));
    section.set("order", config.get("providerOrder"));
    return bind(section);
  }

  /** Binds a node of this record's own shape: {@code {providers: [...], order: [...]}}. */
  public static ProvidersConfig bind(JsonNode node) {
    try {
      return MAPPER.treeToValue(node, ProvidersConfig.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("provider config is invalid: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String where = e instanceof JsonMappingException m ? m.getPathReference() : "";
    String message = t instanceof JsonMappingException m ? m.getOriginalMessage() : t.getMessage();
    return where.isEmpty() ? message : message + " (at " + where + ")";
  }
}
