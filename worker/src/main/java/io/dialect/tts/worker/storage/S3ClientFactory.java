package io.dialect.tts.worker.storage;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The one place S3 clients and presigners are built, so every stage talks to S3 the same way. */
public final class S3ClientFactory {
  private S3ClientFactory() {
  }

  public static S3Client create(S3Settings settings) {
    return create(settings, DefaultCredentialsProvider.builder().build());
  }

  public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
        // Default request checksums are refused by several S3-compatible stores (S3Proxy among them).
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  /** Signs URLs for the same endpoint, addressing style and region, with the same credentials. */
  public static S3Presigner presigner(S3Settings settings) {
    return presigner(settings, DefaultCredentialsProvider.builder().build());
  }

  public static S3Presigner presigner(S3Settings settings, AwsCredentialsProvider credentials) {
    S3Presigner.Builder builder = S3Presigner.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }
}
