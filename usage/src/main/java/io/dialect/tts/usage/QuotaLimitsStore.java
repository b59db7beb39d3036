package io.dialect.tts.usage;

import io.dialect.tts.api.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the operator publishes each namespace's effective limits for the workers: one definition of
 * the limits hash for both sides. Workers never read it through this class; their reservation script
 * reads it atomically with the usage it checks.
 */
public final class QuotaLimitsStore {
  private static final LuaScript REPLACE = LuaScript.fromResource("replace-limits.lua");

  private final StatefulRedisConnection<String, String> connection;

  public QuotaLimitsStore(StatefulRedisConnection<String, String> connection) {
    this.connection = connection;
  }

  /** Replaces the namespace's limits in one step. */
  public void write(String namespace, QuotaLimits limits) {
    Map<String, String> hash = limits.toHash();
    String[] fieldsAndValues = hash.entrySet().stream()
        .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
        .toArray(String[]::new);
    REPLACE.run(connection.sync(), new String[] {RedisKeys.quotaLimits(namespace)}, fieldsAndValues);
  }

  /** The namespace's published limits; empty when it has no quota. */
  public Optional<QuotaLimits> read(String namespace) {
    Map<String, String> hash = connection.sync().hgetall(RedisKeys.quotaLimits(namespace));
    return hash.isEmpty() ? Optional.empty() : Optional.of(QuotaLimits.fromHash(hash));
  }

  /** The namespace no longer has a quota: its usage is unlimited (and still counted). */
  public void remove(String namespace) {
    connection.sync().del(RedisKeys.quotaLimits(namespace));
  }
}
