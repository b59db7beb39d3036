package io.dialect.tts.worker.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dialect.tts.api.RedisKeys;

/** Who shares cached audio: each namespace alone (default: no tenant learns what another synthesized) or everyone. */
public enum CacheScope {
  @JsonProperty("namespace") NAMESPACE,
  @JsonProperty("cluster") CLUSTER;

  /** The scope value cache keys carry for a job of this namespace. */
  public String scopeFor(String namespace) {
    return this == CLUSTER ? RedisKeys.CLUSTER_SCOPE : namespace;
  }
}
