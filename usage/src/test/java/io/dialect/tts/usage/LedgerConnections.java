package io.dialect.tts.usage;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/** Lettuce clients configured as the ledger expects: an outage fails commands at once, not after a minute. */
final class LedgerConnections {
  private LedgerConnections() {
  }

  static RedisClient client(String uri) {
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
        .build());
    return client;
  }
}
