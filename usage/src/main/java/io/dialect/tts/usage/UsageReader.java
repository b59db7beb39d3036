package io.dialect.tts.usage;

import io.dialect.tts.api.RedisKeys.UsageField;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;

/**
 * Reads the usage hashes the ledger counts into, for the operator's status and admission. A window
 * nobody used yet (or whose hash expired) reads as zero.
 */
public final class UsageReader {
  private final StatefulRedisConnection<String, String> connection;

  public UsageReader(StatefulRedisConnection<String, String> connection) {
    this.connection = connection;
  }

  public NamespaceUsage read(String namespace, UsageWindows windows) {
    return new NamespaceUsage(windows, window(windows.dailyKey(namespace)), window(windows.monthlyKey(namespace)));
  }

  private WindowUsage window(String key) {
    List<KeyValue<String, String>> values = connection.sync().hmget(key, UsageField.CHARACTERS, UsageField.REQUESTS,
        UsageField.CACHE_HITS);
    return new WindowUsage(number(values.get(0)), number(values.get(1)), number(values.get(2)));
  }

  private static long number(KeyValue<String, String> value) {
    return value.hasValue() ? Long.parseLong(value.getValue()) : 0;
  }
}
