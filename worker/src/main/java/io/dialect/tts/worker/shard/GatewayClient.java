package io.dialect.tts.worker.shard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import io.dialect.tts.worker.gateway.GatewayApi;
import io.dialect.tts.worker.gateway.GatewayApi.Completion;
import io.dialect.tts.worker.gateway.GatewayApi.ItemResultLine;
import io.dialect.tts.worker.gateway.GatewayApi.ItemsRequest;
import io.dialect.tts.worker.gateway.GatewayApi.ProgressReport;
import io.dialect.tts.worker.gateway.GatewayApi.ShardInfo;
import io.dialect.tts.worker.gateway.GatewayApi.SourceUrl;
import io.dialect.tts.worker.gateway.GatewayApi.UrlsRequest;
import io.dialect.tts.worker.gateway.GatewayApi.UrlsResponse;
import io.dialect.tts.worker.source.SourceItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard pod's calls to the gateway, authenticated with the pod's projected ServiceAccount token (read
 * from its file on every call: the kubelet rotates it). A gateway that is restarting or unreachable is
 * waited for (backoff with jitter, up to {@code patience}); any other refusal is a
 * {@link GatewayCallException} with the gateway's code and message.
 */
public final class GatewayClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayClient.class);

  private final URI base;
  private final Path tokenFile;
  private final Duration patience;
  private final HttpClient http;

  public GatewayClient(URI base, Path tokenFile, Duration patience) {
    this.base = base;
    this.tokenFile = tokenFile;
    this.patience = patience;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public ShardInfo shard() {
    return json(request(GatewayApi.SHARD).GET(), ShardInfo.class);
  }

  /** Sends one batch; {@code each} gets the result lines as the gateway streams them. */
  public void synthesize(List<SourceItem> items, Consumer<ItemResultLine> each) {
    HttpRequest request = request(GatewayApi.SHARD_ITEMS).timeout(Duration.ofMinutes(10))
        .header("Content-Type", "application/json").POST(body(new ItemsRequest(items))).build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    // Parsed straight from the body's bytes as a sequence of JSON values: each line carries its audio in
    // base64, and decoding it into a String first doubled the work of a cache hit.
    try (InputStream body = response.body();
         MappingIterator<ItemResultLine> lines = GatewayApi.JSON.readerFor(ItemResultLine.class).readValues(body)) {
      while (lines.hasNextValue()) {
        each.accept(lines.nextValue());
      }
    } catch (IOException e) {
      throw new GatewayUnavailableException("the gateway's answer to a batch broke off: " + e.getMessage(), e);
    }
  }

  public void progress(ProgressReport report) {
    send(request(GatewayApi.SHARD_PROGRESS).header("Content-Type", "application/json").POST(body(report)).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** Marks this shard finished; true when every shard of the job is. */
  public boolean complete() {
    return json(request(GatewayApi.SHARD_COMPLETE).POST(HttpRequest.BodyPublishers.noBody()), Completion.class)
        .allShardsDone();
  }

  public Map<String, String> outputUrls(List<String> files, String method) {
    return json(request(GatewayApi.SHARD_OUTPUT_URLS).header("Content-Type", "application/json")
        .POST(body(new UrlsRequest(files, method))), UrlsResponse.class).urls();
  }

  public String sourceUrl() {
    return json(request(GatewayApi.SHARD_SOURCE_URL).GET(), SourceUrl.class).url();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
  }

  private <T> T json(HttpRequest.Builder request, Class<T> type) {
    HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    try {
      return GatewayApi.JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw new GatewayUnavailableException("the gateway answered with something that is not a " + type.getSimpleName(), e);
    }
  }

  /** Sends with the current token; waits out a restarting gateway; other refusals throw at once. */
  private <T> HttpResponse<T> send(HttpRequest unsigned, HttpResponse.BodyHandler<T> handler) {
    long deadline = System.nanoTime() + patience.toNanos();
    long backoffMillis = 200;
    while (true) {
      String failure;
      try {
        HttpRequest request = HttpRequest.newBuilder(unsigned, (name, value) -> true)
            .header("Authorization", "Bearer " + token()).build();
        HttpResponse<T> response = http.send(request, handler);
        if (response.statusCode() < 300) {
          return response;
        }
        if (response.statusCode() != 502 && response.statusCode() != 503 && response.statusCode() != 504) {
          throw GatewayCallException.of(response.statusCode(), bodyOf(response));
        }
        failure = "answered " + response.statusCode();
      } catch (IOException e) {
        failure = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GatewayUnavailableException("interrupted while calling the gateway", e);
      }
      if (System.nanoTime() > deadline) {
        throw new GatewayUnavailableException("the gateway at " + base + " " + failure + " for " + patience.toSeconds()
            + " s", null);
      }
      LOG.info("gateway {} {}; trying again", unsigned.uri().getPath(), failure);
      sleep(ThreadLocalRandom.current().nextLong(backoffMillis / 2, backoffMillis + 1));
      backoffMillis = Math.min(backoffMillis * 2, 5_000);
    }
  }

  private String token() {
    try {
      return Files.readString(tokenFile).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the gateway token " + tokenFile + " (a projected ServiceAccount "
          + "token the operator mounts)", e);
    }
  }

  private static String bodyOf(HttpResponse<?> response) {
    Object body = response.body();
    if (body instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (body instanceof InputStream in) {
      try (in) {
        return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
    return "";
  }

  private static HttpRequest.BodyPublisher body(Object value) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(GatewayApi.JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("request bodies always serialize", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
