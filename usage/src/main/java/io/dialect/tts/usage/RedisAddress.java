package io.dialect.tts.usage;

import io.lettuce.core.RedisURI;

/**
 * Where Redis is and how to sign in: the URL ({@code redis://host:6379}, or {@code rediss://} for TLS) from
 * configuration, the password from a Secret (an environment variable), never from the URL or a file a
 * team could read. Shared by the operator and the gateway, the only two that may reach Redis.
 */
public final class RedisAddress {
  private RedisAddress() {
  }

  /** @param password null or empty when Redis has none */
  public static RedisURI of(String url, String password) {
    RedisURI uri = RedisURI.create(url);
    return password == null || password.isEmpty() ? uri : RedisURI.builder(uri).withPassword(password).build();
  }
}
