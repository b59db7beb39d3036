package io.dialect.tts.worker.cache;

import io.dialect.tts.usage.RedisAddress;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/**
 * Builds the Redis client the cache and de-duplication share. While Redis is down, commands fail
 * at once instead of queueing until reconnect, so a cache lookup degrades to a quick miss.
 */
public final class RedisClientFactory {
  private RedisClientFactory() {
  }

  /**
   * @param uri            e.g. {@code redis://host:6379}, or {@code rediss://host:6380/0} for TLS
   * @param password       the password (from a Secret, never in the URL); null when Redis has none
   * @param commandTimeout bound on connecting and on every command
   */
  public static RedisClient create(String uri, String password, Duration commandTimeout) {
    RedisClient client = RedisClient.create(RedisAddress.of(uri, password));
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .build());
    return client;
  }
}
