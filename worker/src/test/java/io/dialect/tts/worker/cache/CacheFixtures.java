package io.dialect.tts.worker.cache;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.worker.storage.S3ClientFactory;
import io.dialect.tts.worker.storage.S3Settings;
import io.dialect.tts.worker.synthesis.SynthesisRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** Keys, audio and clients the cache tests share. */
final class CacheFixtures {
  private CacheFixtures() {
  }

  static SynthesisRequest request(String text) {
    return new SynthesisRequest(text, "cantonese", "yue_female", 1.0, "neutral", AudioFormat.MP3);
  }

  static CacheKey key(String scope, String text) {
    return CacheKey.of(scope, request(text));
  }

  /** Recognizable audio of an exact size, not valid UTF-8, so binary handling is exercised. */
  static byte[] audio(String label, int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) 0xFF);
    byte[] tag = label.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tag, 0, data, 0, Math.min(tag.length, size));
    return data;
  }

  static S3Client s3Client(S3ProxyServer s3, String secretKey) {
    return S3ClientFactory.create(new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, secretKey)));
  }

  static S3Client s3Client(S3ProxyServer s3) {
    return s3Client(s3, S3ProxyServer.SECRET_KEY);
  }

  /** A loopback port nobody listens on. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
