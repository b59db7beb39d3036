package io.dialect.tts.worker.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
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
   * @param uri            e.g. {@code redis://host:6379} or {@code rediss://:password@host:6380/0}
   * @param commandTimeout bound on connecting and on every command
   */
  public static RedisClient create(String uri, Duration commandTimeout) {
    RedisClient client = RedisClient.create(RedisURI.create(uri));
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .build());
    return client;
  }
}
