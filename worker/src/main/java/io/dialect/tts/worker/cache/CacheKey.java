package io.dialect.tts.worker.cache;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a request's audio lives in every cache tier: the cache scope (a namespace or
 * {@link RedisKeys#CLUSTER_SCOPE}) and the SHA-256 of the normalized request. Two requests that
 * differ only in Unicode composition, whitespace runs or how the speed is written share a key.
 * Carries no request text, so it is safe to log.
 *
 * @param scope a namespace name or {@link RedisKeys#CLUSTER_SCOPE}; also a path segment in S3 and on disk
 * @param hash  64 lowercase hex digits
 */
public record CacheKey(String scope, String hash) {
  /** Bumped when the encoding changes, so old entries are simply never found again. */
  private static final String ENCODING_VERSION = "tts-cache-key/v1";
  private static final Pattern SCOPE = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
  private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");
  /** Unicode white space (incl. the ideographic space U+3000 common in Chinese text). */
  private static final Pattern WHITESPACE_RUN = Pattern.compile("(?U)\\s+");
  private static final MessageDigest SHA_256 = newSha256();

  public CacheKey {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(hash, "hash");
    if (!RedisKeys.CLUSTER_SCOPE.equals(scope) && !SCOPE.matcher(scope).matches()) {
      throw new IllegalArgumentException("cache scope must be a namespace name or "
          + RedisKeys.CLUSTER_SCOPE + ": " + scope);
    }
    if (!HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException("cache key hash must be 64 lowercase hex digits: " + hash);
    }
  }

  /** The key of a request within a cache scope. */
  public static CacheKey of(String scope, SynthesisRequest request) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(request, "request");
    // Every field is length-prefixed, so no choice of values can make two field lists encode alike.
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    for (String field : new String[] {ENCODING_VERSION, scope, normalizeText(request.text()), request.dialect(),
        request.voice(), canonicalSpeed(request.speed()), request.emotion(), request.format().extension()}) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      encoded.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      encoded.writeBytes(bytes);
    }
    return new CacheKey(scope, HexFormat.of().formatHex(sha256().digest(encoded.toByteArray())));
  }

  /** NFC, every run of white space folded to one space, trimmed. */
  static String normalizeText(String text) {
    String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
    return WHITESPACE_RUN.matcher(composed).replaceAll(" ").strip();
  }

  /** The shortest plain decimal: 1, 1.0 and 1.00 are all "1"; 0.5 stays "0.5". */
  static String canonicalSpeed(double speed) {
    if (!Double.isFinite(speed)) {
      throw new IllegalArgumentException("speed must be a finite number: " + speed);
    }
    return BigDecimal.valueOf(speed).stripTrailingZeros().toPlainString();
  }

  /** A copy of one digest made at start: looking the algorithm up among the providers per key costs more. */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the runtime's SHA-256 cannot be copied", e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
