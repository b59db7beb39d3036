package io.dialect.tts.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The client of the synthesis gateway's interactive call, {@code POST {baseUrl}/v1/synthesize}: one
 * {@link SpeechRequest} in, one {@link Speech} out.
 *
 * <pre>{@code
 * try (TtsClient client = TtsClient.builder().build()) {   // TTS_GATEWAY_URL, TTS_GATEWAY_TOKEN_FILE
 *   Speech speech = client.synthesize(SpeechRequest.of("老铁们好").dialect("dongbei").format(AudioFormat.MP3));
 *   Files.write(Path.of("greeting.mp3"), speech.audio());
 * }
 * }</pre>
 *
 * <p><b>Identity.</b> Each attempt sends the projected ServiceAccount token (audience
 * {@code tts-gateway}) read afresh from the token file, because the kubelet rotates it; the token is
 * never kept between calls, logged, or quoted in an exception.
 *
 * <p><b>Retries.</b> Transient failures (429 {@code RateLimited}, 502, 503, 504, I/O failures and
 * timeouts) are retried with exponential backoff and full jitter: before retry <i>n</i> the client
 * waits a random time between zero and {@code min(cap, base × 2^(n-1))}, or the answer's
 * {@code Retry-After} when that asks for longer, up to {@link Builder#maxAttempts(int) maxAttempts}
 * attempts in all. A 401 is retried once, at once, with the token read again. Everything else fails
 * the call immediately with a {@link TtsException} subclass that says why.
 *
 * <p>Thread-safe: share one client per application and {@link #close()} it on shutdown.
 */
public final class TtsClient implements AutoCloseable {
  /** The environment variable that gives the default {@linkplain Builder#baseUrl(URI) base URL}. */
  public static final String GATEWAY_URL_ENV = "TTS_GATEWAY_URL";
  /** The environment variable that gives the default {@linkplain Builder#tokenFile(Path) token file}. */
  public static final String TOKEN_FILE_ENV = "TTS_GATEWAY_TOKEN_FILE";
  /** The token file used when neither the builder nor {@value #TOKEN_FILE_ENV} names one. */
  public static final Path DEFAULT_TOKEN_FILE = Path.of("/var/run/secrets/tts/token");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUOTED_BODY_CHARS = 200;

  private final URI endpoint;
  private final Path tokenFile;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Backoff backoff;
  private final HttpClient http;
  private volatile boolean closed;

  private TtsClient(Builder builder, URI baseUrl, Path tokenFile) {
    this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/v1/synthesize");
    this.tokenFile = tokenFile;
    this.requestTimeout = builder.requestTimeout;
    this.maxAttempts = builder.maxAttempts;
    this.backoff = builder.backoff;
    // HTTP/1.1: over plain http the JDK's HTTP/2 default would add an h2c upgrade to every call.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(builder.connectTimeout)
        .build();
  }

  /** A builder whose defaults come from the environment ({@value #GATEWAY_URL_ENV}, {@value #TOKEN_FILE_ENV}). */
  public static Builder builder() {
    return new Builder(System::getenv);
  }

  static Builder builder(UnaryOperator<String> environment) {
    return new Builder(environment);
  }

  /**
   * Synthesizes the request, retrying transient failures as the {@linkplain TtsClient class} describes.
   * Blocks until the audio has arrived or the call has failed.
   *
   * @throws TtsRejectedException       the gateway refused the request (400 {@code InvalidRequest}, 422 {@code Rejected})
   * @throws TtsUnauthorizedException   the token is unreadable, or the gateway refused it (401, 403)
   * @throws TtsQuotaExceededException  the namespace's TTSQuota is used up (429 {@code QuotaExceeded})
   * @throws TtsUnavailableException    every attempt allowed ended in a transient failure
   * @throws TtsException               the gateway answered outside its contract, or the thread was interrupted
   * @throws IllegalStateException      the client is closed
   */
  public Speech synthesize(SpeechRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed) {
      throw new IllegalStateException("the TtsClient is closed");
    }
    byte[] body = requestBody(request);
    boolean retriedWithFreshToken = false;
    for (int attempt = 1; ; attempt++) {
      String token = readToken();
      TransientFailure failure;
      try {
        HttpResponse<byte[]> response = exchange(body, token);
        int status = response.statusCode();
        if (status == 200) {
          return speech(response, token);
        }
        if (status == 401 && !retriedWithFreshToken && attempt < maxAttempts) {
          // Projected tokens rotate: the file may already hold a newer one than the gateway just refused.
          retriedWithFreshToken = true;
          continue;
        }
        failure = classify(response, token);
      } catch (IOException e) {
        failure = new TransientFailure(TtsUnavailableException.NETWORK_ERROR, 0,
            TtsUnavailableException.NETWORK_ERROR + ": " + describe(e), e, Duration.ZERO);
      }
      if (attempt == maxAttempts) {
        throw new TtsUnavailableException(failure.code(), failure.httpStatus(),
            "gateway unavailable after " + attempt + (attempt == 1 ? " attempt" : " attempts") + "; last: " + failure.message(),
            failure.cause(), attempt);
      }
      sleep(backoff.delayBeforeRetry(attempt, failure.retryAfter()));
    }
  }

  /** Releases the HTTP client's connections and threads, waiting for calls in flight; the client cannot be used afterwards. */
  @Override
  public void close() {
    closed = true;
    http.close();
  }

  private static byte[] requestBody(SpeechRequest request) {
    ObjectNode json = JSON.createObjectNode().put("text", request.text());
    // The gateway refuses unknown fields and nulls are noise: absent settings are left out.
    request.dialect().ifPresent(dialect -> json.put("dialect", dialect));
    request.voice().ifPresent(voice -> json.put("voice", voice));
    request.speed().ifPresent(speed -> json.put("speed", speed));
    request.emotion().ifPresent(emotion -> json.put("emotion", emotion));
    request.format().ifPresent(format -> json.put("format", format.wireName()));
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String readToken() {
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new TtsUnauthorizedException(TtsUnauthorizedException.TOKEN_UNREADABLE, 0,
          TtsUnauthorizedException.TOKEN_UNREADABLE + ": cannot read the gateway token file " + tokenFile
              + " (" + e.getClass().getSimpleName() + ")", e);
    }
    if (token.isEmpty()) {
      throw new TtsUnauthorizedException(TtsUnauthorizedException.TOKEN_UNREADABLE, 0,
          TtsUnauthorizedException.TOKEN_UNREADABLE + ": the gateway token file " + tokenFile + " is empty", null);
    }
    // A bearer token is one run of visible characters; anything else would corrupt the header.
    if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new TtsUnauthorizedException(TtsUnauthorizedException.TOKEN_UNREADABLE, 0,
          TtsUnauthorizedException.TOKEN_UNREADABLE + ": the gateway token file " + tokenFile
              + " does not hold a single token", null);
    }
    return token;
  }

  private HttpResponse<byte[]> exchange(byte[] body, String token) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "audio/*")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      // The request timeout alone stops at the headers: bound the body too, so a trickling answer cannot hold the caller.
      return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + requestTimeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new TtsException(TtsException.UNEXPECTED_RESPONSE, 0,
          TtsException.UNEXPECTED_RESPONSE + ": the HTTP exchange failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw interrupted(e);
    }
  }

  private Speech speech(HttpResponse<byte[]> response, String token) {
    HttpHeaders headers = response.headers();
    String contentType = headers.firstValue("Content-Type").orElse("");
    AudioFormat format = AudioFormat.ofContentType(contentType)
        .orElseThrow(() -> unexpected("a 200 answer with Content-Type '" + contentType + "' instead of audio: "
            + quote(response.body(), token)));
    String requestId = requiredHeader(headers, "X-TTS-Request-Id");
    String provider = headers.firstValue("X-TTS-Provider").filter(value -> !value.isBlank()).orElse(null);
    String cacheTier = requiredHeader(headers, "X-TTS-Cache-Tier");
    String billed = requiredHeader(headers, "X-TTS-Billed-Characters");
    long billedCharacters;
    try {
      billedCharacters = Long.parseLong(billed.strip());
    } catch (NumberFormatException e) {
      throw unexpected("X-TTS-Billed-Characters is not an integer: '" + billed + "'");
    }
    String degraded = requiredHeader(headers, "X-TTS-Degraded").strip();
    if (!degraded.equalsIgnoreCase("true") && !degraded.equalsIgnoreCase("false")) {
      throw unexpected("X-TTS-Degraded is neither true nor false: '" + degraded + "'");
    }
    return new Speech(response.body(), format, requestId, provider, cacheTier, billedCharacters,
        Boolean.parseBoolean(degraded));
  }

  // Billing and provenance are not guessed: a gateway that leaves them out is not the one this client speaks to.
  private static String requiredHeader(HttpHeaders headers, String name) {
    return headers.firstValue(name).filter(value -> !value.isBlank())
        .orElseThrow(() -> unexpected("a 200 answer without the " + name + " header"));
  }

  /** Throws the terminal failure an answer stands for, or returns the transient one to retry. */
  private static TransientFailure classify(HttpResponse<byte[]> response, String token) {
    int status = response.statusCode();
    JsonNode error = errorObject(response.body());
    String gatewayCode = error.path("code").asText("");
    String gatewayMessage = error.path("message").asText("");
    String detail = gatewayMessage.isEmpty() ? quote(response.body(), token) : scrub(gatewayMessage, token);
    String code = gatewayCode.isEmpty() ? defaultCode(status) : gatewayCode;
    String message = "HTTP " + status + " " + code + (detail.isEmpty() ? "" : ": " + detail);
    switch (status) {
      case 400, 422 -> throw new TtsRejectedException(code, status, message);
      case 401, 403 -> throw new TtsUnauthorizedException(code, status, message, null);
      case 429 -> {
        if (code.equals("QuotaExceeded")) {
          throw new TtsQuotaExceededException(code, status, message, resetsAt(error));
        }
        return new TransientFailure(code, status, message, null, retryAfter(response.headers()));
      }
      case 502, 503, 504 -> {
        return new TransientFailure(code, status, message, null, retryAfter(response.headers()));
      }
      default -> throw new TtsException(code, status, message, null);
    }
  }

  private static String defaultCode(int status) {
    return switch (status) {
      case 400 -> "InvalidRequest";
      case 401 -> "Unauthenticated";
      case 403 -> "Forbidden";
      case 422 -> "Rejected";
      case 429 -> "RateLimited";
      case 502 -> "BadGateway";
      case 503 -> "Unavailable";
      case 504 -> "GatewayTimeout";
      default -> TtsException.UNEXPECTED_RESPONSE;
    };
  }

  /** The {@code error} object of a JSON error body; a missing node when the body is something else (e.g. a proxy's page). */
  private static JsonNode errorObject(byte[] body) {
    try {
      return JSON.readTree(body).path("error");
    } catch (IOException notJson) {
      return JSON.missingNode();
    }
  }

  private static Instant resetsAt(JsonNode error) {
    try {
      return error.hasNonNull("resetsAt") ? Instant.parse(error.get("resetsAt").asText()) : null;
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }

  /** {@code Retry-After} in delay-seconds, the form the gateway sends; zero when absent or in another form. */
  private static Duration retryAfter(HttpHeaders headers) {
    try {
      return headers.firstValue("Retry-After").map(value -> Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))))
          .orElse(Duration.ZERO);
    } catch (NumberFormatException notSeconds) {
      return Duration.ZERO;
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private static TtsException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new TtsException(TtsException.INTERRUPTED, 0, TtsException.INTERRUPTED + " while calling the gateway", e);
  }

  private static TtsException unexpected(String message) {
    return new TtsException(TtsException.UNEXPECTED_RESPONSE, 200, TtsException.UNEXPECTED_RESPONSE + ": " + message, null);
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The start of a body as text, for messages, with the token scrubbed out (some proxies echo request headers). */
  private static String quote(byte[] body, String token) {
    String text = new String(body, 0, Math.min(body.length, QUOTED_BODY_CHARS * 4), StandardCharsets.UTF_8).strip();
    if (text.length() > QUOTED_BODY_CHARS) {
      text = text.substring(0, QUOTED_BODY_CHARS) + "…";
    }
    return scrub(text, token);
  }

  private static String scrub(String text, String token) {
    return text.replace(token, "***");
  }

  /** A failed attempt that may succeed if tried again. */
  private record TransientFailure(String code, int httpStatus, String message, Throwable cause, Duration retryAfter) {
  }

  /**
   * Configures a {@link TtsClient}. Unset values come from the environment or the defaults documented
   * on each setter; every setter checks its argument at once.
   */
  public static final class Builder {
    private final UnaryOperator<String> environment;
    private URI baseUrl;
    private Path tokenFile;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxAttempts = 4;
    private Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    private Builder(UnaryOperator<String> environment) {
      this.environment = environment;
    }

    /**
     * The gateway's address, e.g. {@code http://tts-tts-operator-gateway.tts-system.svc}; a path
     * prefix is kept. Default: the environment variable {@value TtsClient#GATEWAY_URL_ENV}.
     *
     * @throws IllegalArgumentException when it is not an absolute http or https URL without query or fragment
     */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = checkedBaseUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
      return this;
    }

    /**
     * The file holding the projected ServiceAccount token (audience {@code tts-gateway}), read on
     * every attempt. Default: the environment variable {@value TtsClient#TOKEN_FILE_ENV}, else
     * {@code /var/run/secrets/tts/token}.
     */
    public Builder tokenFile(Path tokenFile) {
      this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
      return this;
    }

    /** How long to wait for a TCP connection to the gateway; an attempt that runs out is retried. Default 5 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * How long one attempt may take from sending the request to the last byte of audio; an attempt
     * that runs out is retried. Default 60 s.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * How many attempts a call may make in all, the first included; 1 turns retries off (the retry
     * after a 401 as well). Default 4.
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The exponential backoff between attempts: retry <i>n</i> waits a random time up to
     * {@code min(cap, base × 2^(n-1))}, longer only when the gateway's {@code Retry-After} asks for it.
     * Default 200 ms and 5 s.
     *
     * @throws IllegalArgumentException when base is negative or cap is below base
     */
    public Builder backoff(Duration base, Duration cap) {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(cap, "cap");
      if (base.isNegative() || cap.compareTo(base) < 0) {
        throw new IllegalArgumentException("backoff needs 0 <= base <= cap, got base " + base + " and cap " + cap);
      }
      this.backoff = new Backoff(base, cap);
      return this;
    }

    /**
     * A client with this configuration.
     *
     * @throws IllegalStateException    when no base URL was set and {@value TtsClient#GATEWAY_URL_ENV} is unset
     * @throws IllegalArgumentException when {@value TtsClient#GATEWAY_URL_ENV} holds no usable URL
     */
    public TtsClient build() {
      URI url = baseUrl;
      if (url == null) {
        String fromEnvironment = environment.apply(GATEWAY_URL_ENV);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
          throw new IllegalStateException("no gateway URL: set baseUrl(...) or the environment variable " + GATEWAY_URL_ENV);
        }
        try {
          url = checkedBaseUrl(URI.create(fromEnvironment.strip()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(GATEWAY_URL_ENV + ": " + e.getMessage(), e);
        }
      }
      Path token = tokenFile;
      if (token == null) {
        String fromEnvironment = environment.apply(TOKEN_FILE_ENV);
        token = fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_TOKEN_FILE : Path.of(fromEnvironment.strip());
      }
      return new TtsClient(this, url, token);
    }

    private static URI checkedBaseUrl(URI url) {
      boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
      if (!http || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
        throw new IllegalArgumentException("the gateway URL must be an absolute http(s) URL without query or fragment, got '" + url + "'");
      }
      return url;
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + duration);
      }
      return duration;
    }
  }
}
