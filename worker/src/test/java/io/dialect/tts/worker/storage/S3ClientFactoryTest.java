package io.dialect.tts.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3ClientFactoryTest {
  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Test
  void clientRoundTripsAnObjectThroughAnS3CompatibleStoreWithPathStyleAccess() {
    S3Client client = S3ClientFactory.create(new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
    client.createBucket(b -> b.bucket("round-trip"));

    client.putObject(p -> p.bucket("round-trip").key("team-a/hello.txt"), RequestBody.fromString("老铁们好"));
    String read = client.getObjectAsBytes(g -> g.bucket("round-trip").key("team-a/hello.txt"))
        .asString(StandardCharsets.UTF_8);

    assertThat(read).isEqualTo("老铁们好");
  }
}
