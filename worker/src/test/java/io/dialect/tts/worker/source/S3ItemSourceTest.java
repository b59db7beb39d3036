package io.dialect.tts.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.S3Source;
import io.dialect.tts.api.v1alpha1.SourceFormat;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSSource;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.worker.storage.S3ClientFactory;
import io.dialect.tts.worker.storage.S3Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3ItemSourceTest {
  private static S3ProxyServer server;
  private static S3Client s3;

  @BeforeAll
  static void startS3() {
    server = S3ProxyServer.start();
    s3 = S3ClientFactory.create(new S3Settings(server.endpoint(), S3ProxyServer.REGION, true),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
    s3.createBucket(bucket -> bucket.bucket("tts-in"));
  }

  @AfterAll
  static void stopS3() {
    s3.close();
    server.close();
  }

  @Test
  void aJobWithAnS3CsvSourceStreamsTheObjectThroughValidation() {
    s3.putObject(put -> put.bucket("tts-in").key("team-a/prompts.csv"),
        RequestBody.fromString("id,text\nwelcome,\"欢迎, 老铁\"\nwelcome,again\n"));
    TTSJobSpec spec = jobReading("team-a/prompts.csv", SourceFormat.CSV);

    List<SourceEntry> entries;
    try (Stream<SourceEntry> stream = ItemSources.open(ItemSources.forJob(spec, Path.of("/unused"), S3ItemSourceTest::withCredentials), Shard.WHOLE)) {
      entries = stream.toList();
    }

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0)).isEqualTo(new SourceEntry.Item(0, 2, new SourceItem("welcome", "欢迎, 老铁")));
    assertThat(entries.get(1)).isInstanceOfSatisfying(SourceEntry.Problem.class,
        problem -> assertThat(problem.reason()).isEqualTo(ProblemReason.DuplicateId));
  }

  @Test
  void aMissingObjectIsAnInvalidSource() {
    ItemSource source = ItemSources.forJob(jobReading("team-a/absent.jsonl", SourceFormat.JSONL), Path.of("/unused"),
        S3ItemSourceTest::withCredentials);

    assertThatThrownBy(source::open).isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("s3://tts-in/team-a/absent.jsonl");
  }

  /** How the local run reads an S3 source: with its own credentials. */
  private static ItemSource withCredentials(S3Source object) {
    return new S3ItemSource(s3, object.getBucket(), object.getKey(), object.getFormat());
  }

  private static TTSJobSpec jobReading(String key, SourceFormat format) {
    S3Source object = new S3Source();
    object.setBucket("tts-in");
    object.setKey(key);
    object.setFormat(format);
    TTSSource source = new TTSSource();
    source.setS3(object);
    TTSJobSpec spec = new TTSJobSpec();
    spec.setSource(source);
    return spec;
  }
}
