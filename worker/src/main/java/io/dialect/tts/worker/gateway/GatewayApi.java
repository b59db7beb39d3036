package io.dialect.tts.worker.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.worker.source.SourceItem;
import java.util.List;
import java.util.Map;

/**
 * The gateway's HTTP API, version 1: its paths and message bodies (JSON), shared by the gateway and
 * the shard pods' client. Bodies are read strictly: a field the API does not define (a namespace, a
 * job, a tenant) is refused, never ignored. Who the caller is comes only from its token.
 */
public final class GatewayApi {
  /** One text to audio, for applications; the caller's namespace is the tenant. */
  public static final String SYNTHESIZE = "/v1/synthesize";
  /** The shard the calling pod runs: its job (spec and identity), index and count. */
  public static final String SHARD = "/v1/shard";
  /** Many items of the caller's shard; the results stream back as JSON lines, in completion order. */
  public static final String SHARD_ITEMS = "/v1/shard/items:synthesize";
  /** The shard's item counts (the gateway counts billing itself). */
  public static final String SHARD_PROGRESS = "/v1/shard/progress";
  /** The shard is done; says whether every shard of the job is. */
  public static final String SHARD_COMPLETE = "/v1/shard/complete";
  /** Pre-signed URLs for the shard's files in the job's S3 output place. */
  public static final String SHARD_OUTPUT_URLS = "/v1/shard/output-urls";
  /** A pre-signed URL of the job's S3 source object. */
  public static final String SHARD_SOURCE_URL = "/v1/shard/source-url";

  /** Most items in one batch call. */
  public static final int MAX_BATCH = 256;
  /** The audience the callers' projected ServiceAccount tokens must be minted for, unless configured. */
  public static final String DEFAULT_AUDIENCE = "tts-gateway";

  public static final String HEADER_REQUEST_ID = "X-TTS-Request-Id";
  public static final String HEADER_PROVIDER = "X-TTS-Provider";
  public static final String HEADER_CACHE_TIER = "X-TTS-Cache-Tier";
  public static final String HEADER_BILLED = "X-TTS-Billed-Characters";
  public static final String HEADER_DEGRADED = "X-TTS-Degraded";

  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private GatewayApi() {
  }

  /** {@code POST /v1/synthesize}; the audio comes back as the body. */
  public record SynthesizeRequest(String text, String dialect, String voice, Double speed, String emotion,
      String format) {
  }

  /** {@code GET /v1/shard}. */
  public record ShardInfo(String namespace, String job, String uid, int index, int count, TTSJobSpec spec) {
  }

  /** {@code POST /v1/shard/items:synthesize}: the items' own fields; the job's defaults fill the rest. */
  public record ItemsRequest(List<SourceItem> items) {
  }

  /**
   * One line of the items call's answer.
   *
   * @param status Succeeded, Failed, Rejected or QuotaExceeded
   * @param audio  the audio (base64 in JSON) when Succeeded
   */
  public record ItemResultLine(String id, String status, String reason, String message, long billedCharacters,
      String provider, String cacheTier, boolean degraded, String dialect, String voice, String format,
      byte[] audio) {
  }

  /**
   * {@code POST /v1/shard/progress}: the pod's running totals (ProgressField names; {@code held} is how many
   * items it holds now), replacing its earlier report; {@code reset} on the pod's first report clears the
   * counts of the shard's earlier pods. Sending the same report twice changes nothing.
   */
  public record ProgressReport(boolean reset, Map<String, Long> totals, boolean sourceDone) {
  }

  /** The answer of {@code POST /v1/shard/complete}. */
  public record Completion(boolean allShardsDone) {
  }

  /** {@code POST /v1/shard/output-urls}: file names under the job's output place, one HTTP method. */
  public record UrlsRequest(List<String> files, String method) {
  }

  public record UrlsResponse(Map<String, String> urls) {
  }

  /** The answer of {@code GET /v1/shard/source-url}. */
  public record SourceUrl(String url) {
  }

  /** The body of every error answer. */
  public record ErrorBody(Error error) {
    public record Error(String code, String message) {
    }
  }
}
