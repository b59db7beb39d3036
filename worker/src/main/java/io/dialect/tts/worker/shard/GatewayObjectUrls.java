package io.dialect.tts.worker.shard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dialect.tts.worker.output.ObjectUrls;
import java.time.Duration;
import java.util.List;

/**
 * The job's S3 output objects through URLs the gateway signs. A URL is reused for a few minutes (the
 * gateway signs them for fifteen), so writing an item costs no more gateway calls than it needs.
 */
public final class GatewayObjectUrls implements ObjectUrls {
  private final GatewayClient client;
  private final Cache<String, String> urls = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5))
      .maximumSize(10_000).build();

  public GatewayObjectUrls(GatewayClient client) {
    this.client = client;
  }

  @Override
  public String url(String fileName, String method) {
    return urls.get(method + " " + fileName, key -> client.outputUrls(List.of(fileName), method).get(fileName));
  }
}
