package io.dialect.tts.worker.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.worker.storage.S3ClientFactory;
import io.dialect.tts.worker.storage.S3Settings;
import io.dialect.tts.worker.synthesis.Audio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A job's S3 output as a shard pod writes it: through URLs pre-signed for its own objects (as the
 * gateway issues them), against a real S3 API (S3Proxy).
 */
class S3OutputTest {
  private static final String BUCKET = "tts-out";
  private static S3ProxyServer server;
  private static S3Client s3;
  private static S3Presigner presigner;

  @TempDir
  Path temp;

  @BeforeAll
  static void startS3() {
    server = S3ProxyServer.start();
    s3 = S3ClientFactory.create(new S3Settings(server.endpoint(), S3ProxyServer.REGION, true),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
    s3.createBucket(bucket -> bucket.bucket(BUCKET));
    presigner = S3ClientFactory.presigner(new S3Settings(server.endpoint(), S3ProxyServer.REGION, true),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
  }

  /** What the gateway hands a shard pod: URLs signed for objects under one place. */
  private static ObjectUrls urls(String keyPrefix) {
    return (file, method) -> switch (method) {
      case "GET" -> presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(o -> o.bucket(BUCKET).key(keyPrefix + file))).url().toString();
      case "PUT" -> presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(o -> o.bucket(BUCKET).key(keyPrefix + file))).url().toString();
      case "HEAD" -> presigner.presignHeadObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .headObjectRequest(o -> o.bucket(BUCKET).key(keyPrefix + file))).url().toString();
      default -> throw new IllegalArgumentException(method);
    };
  }

  private AudioSink sink(String namespace, String prefix) {
    String normalized = OutputPrefix.normalize(prefix);
    return JobOutput.s3(urls(namespace + "/" + normalized), BUCKET, namespace, prefix, temp, 100).audio();
  }

  @AfterAll
  static void stopS3() {
    presigner.close();
    s3.close();
    server.close();
  }

  @Test
  void audioLandsUnderTheNamespaceThenThePrefixWhetherOrNotThePrefixEndsWithASlash() {
    AudioSink withSlash = sink("team-a", "welcome/");
    AudioSink withoutSlash = sink("team-a", "welcome");

    String uri = withSlash.write("greeting", mp3("老铁们好"));

    assertThat(uri).isEqualTo("s3://tts-out/team-a/welcome/greeting.mp3");
    assertThat(read("team-a/welcome/greeting.mp3")).isEqualTo("老铁们好");
    assertThat(withoutSlash.uriOf("greeting", AudioFormat.MP3)).isEqualTo(uri);
    assertThat(withoutSlash.existingSize("greeting", AudioFormat.MP3))
        .as("the other spelling of the prefix finds the same object").hasValue("老铁们好".getBytes(StandardCharsets.UTF_8).length);
    assertThat(sink("team-b", "welcome").exists("greeting", AudioFormat.MP3))
        .as("another namespace's identical prefix is another place").isFalse();
  }

  @Test
  void aPrefixThatCouldClimbOutOfTheNamespaceIsRefused() {
    for (String prefix : List.of("../team-b/", "welcome/../../x", "/abs", "a//b", "./a")) {
      assertThatThrownBy(() -> sink("team-a", prefix)).as(prefix).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> sink("../team-b", "")).isInstanceOf(IllegalArgumentException.class);
    AudioSink sink = sink("team-a", "");
    assertThatThrownBy(() -> sink.write("../escape", mp3("x"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRerunSkipsItemsWhoseAudioExistsAndStillGivesThemAManifestLine() throws IOException {
    JobOutput output = JobOutput.s3(urls("team-a/rerun/"), BUCKET, "team-a", "rerun", temp, 100);
    output.audio().write("a", mp3("first run"));
    List<String> synthesized = new ArrayList<>();

    try (ManifestWriter manifest = output.manifests().open(ManifestStore.MANIFEST)) {
      for (String id : List.of("a", "b")) {
        OptionalLong existing = output.audio().existingSize(id, AudioFormat.MP3);
        if (existing.isPresent()) {
          manifest.append(ManifestEntry.alreadyWritten(id, output.audio().uriOf(id, AudioFormat.MP3),
              existing.getAsLong(), 2));
        } else {
          synthesized.add(id);
          String uri = output.audio().write(id, mp3("second run"));
          manifest.append(new ManifestEntry(id, ItemStatus.Succeeded, null, uri, 10, 5, 2, 2, "espeak", "none", true));
        }
      }
    }

    assertThat(synthesized).as("only the missing item is synthesized again").containsExactly("b");
    assertThat(read("team-a/rerun/a.mp3")).isEqualTo("first run");
    List<Map<String, Object>> lines = manifestLines("team-a/rerun/manifest.jsonl");
    assertThat(lines).extracting(line -> line.get("id")).containsExactly("a", "b");
    assertThat(lines.get(0)).containsEntry("status", "Succeeded").containsEntry("cacheTier", "output")
        .containsEntry("billedCharacters", 0).containsEntry("bytes", 9);
  }

  @Test
  void aShardPartIsPublishedWhileTheShardRunsAndCompletelyAtClose() throws IOException {
    ManifestStore store = JobOutput.s3(urls("team-a/parts/"), BUCKET, "team-a", "parts", temp, 2).manifests();

    ManifestWriter writer = store.open(ManifestStore.partName(0));
    for (int i = 0; i < 3; i++) {
      writer.append(ManifestEntry.withoutAudio("item-" + i, ItemStatus.Rejected, "EmptyText", 0, 0));
    }
    List<Map<String, Object>> whileRunning = manifestLines("team-a/parts/manifest-00000.jsonl");
    writer.close();

    assertThat(whileRunning).as("published after the second line, before the third").hasSize(2);
    assertThat(manifestLines("team-a/parts/manifest-00000.jsonl")).hasSize(3);
    assertThat(temp).as("the buffer file is gone after close").isEmptyDirectory();
  }

  @Test
  void shardPartsMergeInShardOrderIntoOneManifestAndAMissingPartIsAnError() throws IOException {
    ManifestStore store = JobOutput.s3(urls("team-a/merge/"), BUCKET, "team-a", "merge/", temp, 100).manifests();
    for (int shard = 0; shard < 3; shard++) {
      try (ManifestWriter writer = store.open(ManifestStore.partName(shard))) {
        for (int i = 0; i < 2; i++) {
          writer.append(ManifestEntry.withoutAudio("s" + shard + "-" + i, ItemStatus.Failed, "UpstreamError", 1, 1));
        }
      }
    }

    String uri = store.merge(List.of(ManifestStore.partName(0), ManifestStore.partName(1), ManifestStore.partName(2)),
        ManifestStore.MANIFEST);

    assertThat(uri).isEqualTo("s3://tts-out/team-a/merge/manifest.jsonl");
    assertThat(manifestLines("team-a/merge/manifest.jsonl")).extracting(line -> line.get("id"))
        .containsExactly("s0-0", "s0-1", "s1-0", "s1-1", "s2-0", "s2-1");
    assertThatThrownBy(() -> store.merge(List.of(ManifestStore.partName(0), ManifestStore.partName(7)), "other.jsonl"))
        .isInstanceOf(RuntimeException.class);
    assertThat(s3.listObjectsV2(list -> list.bucket(BUCKET).prefix("team-a/merge/other")).contents())
        .extracting(S3Object::key).isEmpty();
  }

  private static Audio mp3(String content) {
    return new Audio(content.getBytes(StandardCharsets.UTF_8), AudioFormat.MP3);
  }

  private static String read(String key) {
    return s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> manifestLines(String key) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : read(key).split("\n")) {
      lines.add(json.readValue(line, Map.class));
    }
    return lines;
  }
}
