package io.dialect.tts.worker.testing;

import io.dialect.tts.worker.gateway.Caller;
import io.dialect.tts.worker.gateway.CallerIdentity;
import io.dialect.tts.worker.gateway.GatewayException;
import io.dialect.tts.worker.gateway.Shard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's identity for tests of its HTTP layer: a table of tokens and shards, standing in for the
 * API server's TokenReview (which {@code KubernetesCallerIdentityTest} covers on a real API server).
 */
public final class TokenTable implements CallerIdentity {
  private final Map<String, Caller> callers = new ConcurrentHashMap<>();
  private final Map<String, Shard> shards = new ConcurrentHashMap<>();

  public TokenTable caller(String token, Caller caller) {
    callers.put(token, caller);
    return this;
  }

  public TokenTable shard(String token, Caller caller, Shard shard) {
    callers.put(token, caller);
    shards.put(caller.podUid(), shard);
    return this;
  }

  @Override
  public Caller authenticate(String bearerToken) {
    Caller caller = bearerToken == null ? null : callers.get(bearerToken);
    if (caller == null) {
      throw new GatewayException(401, GatewayException.UNAUTHENTICATED, "the token was refused");
    }
    return caller;
  }

  @Override
  public Shard shardOf(Caller caller) {
    Shard shard = shards.get(caller.podUid());
    if (shard == null) {
      throw new GatewayException(403, GatewayException.FORBIDDEN, "pod " + caller.podName()
          + " is not a worker pod of a TTSJob");
    }
    return shard;
  }
}
