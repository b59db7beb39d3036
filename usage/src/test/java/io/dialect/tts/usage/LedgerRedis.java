package io.dialect.tts.usage;

import io.dialect.tts.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** A real redis-server with one connection configured as the ledger expects ({@link LedgerConnections}). */
final class LedgerRedis implements AutoCloseable {
  final RedisServer server;
  final StatefulRedisConnection<String, String> connection;
  private final RedisClient client;

  private LedgerRedis(RedisServer server) {
    this.server = server;
    this.client = LedgerConnections.client(server.uri());
    this.connection = client.connect();
  }

  static LedgerRedis start(String name) {
    return new LedgerRedis(RedisServer.start(name));
  }

  RedisCommands<String, String> sync() {
    return connection.sync();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
    server.close();
  }
}
