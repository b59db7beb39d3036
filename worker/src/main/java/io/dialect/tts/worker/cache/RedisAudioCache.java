package io.dialect.tts.worker.cache;

import io.dialect.tts.api.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Optional;

/** Shared tier: audio bytes as Redis string values under {@link RedisKeys#audio}, each with a TTL. */
public final class RedisAudioCache implements AudioCache, AutoCloseable {
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisCommands<String, byte[]> commands;
  private final Duration ttl;

  private RedisAudioCache(StatefulRedisConnection<String, byte[]> connection, Duration ttl) {
    this.connection = connection;
    this.commands = connection.sync();
    this.ttl = ttl;
  }

  /**
   * Opens a binary-valued connection and checks that Redis answers.
   *
   * @param client from {@link RedisClientFactory}; stays owned by the caller
   * @param ttl    how long an entry lives after it was written
   * @throws CacheTierMisconfiguredException when Redis cannot be reached
   */
  public static RedisAudioCache connect(RedisClient client, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("redis cache TTL must be positive, was " + ttl);
    }
    StatefulRedisConnection<String, byte[]> connection;
    try {
      connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      connection.sync().ping();
    } catch (RedisException e) {
      throw new CacheTierMisconfiguredException("redis", "cannot reach Redis (" + e.getMessage()
          + "); check the Redis URI or switch the tier off", e);
    }
    return new RedisAudioCache(connection, ttl);
  }

  @Override
  public String tier() {
    return "redis";
  }

  @Override
  public Optional<byte[]> get(CacheKey key) {
    return Optional.ofNullable(commands.get(redisKey(key)));
  }

  @Override
  public void put(CacheKey key, byte[] audio) {
    commands.set(redisKey(key), audio, SetArgs.Builder.px(ttl.toMillis()));
  }

  @Override
  public void close() {
    connection.close();
  }

  private static String redisKey(CacheKey key) {
    return RedisKeys.audio(key.scope(), key.hash());
  }
}
