package io.dialect.tts.worker.gateway;

/** Who a token belongs to, and which shard the calling pod runs; refusals are {@link GatewayException}s. */
public interface CallerIdentity {

  /** The caller of a bearer token; 401 when the API server does not vouch for it. */
  Caller authenticate(String bearerToken);

  /** The shard the caller's pod runs; 403 when it is not a live worker pod of an admitted, unfinished TTSJob. */
  Shard shardOf(Caller caller);
}
