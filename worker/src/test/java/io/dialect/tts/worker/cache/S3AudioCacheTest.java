package io.dialect.tts.worker.cache;

import static io.dialect.tts.worker.cache.CacheFixtures.audio;
import static io.dialect.tts.worker.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3AudioCacheTest {
  private static S3ProxyServer s3;
  private static S3Client client;

  @BeforeAll
  static void start() {
    s3 = S3ProxyServer.start();
    s3.createBucket("audio-cache");
    client = CacheFixtures.s3Client(s3);
  }

  @AfterAll
  static void stop() {
    client.close();
    s3.close();
  }

  @Test
  void entryIsAnObjectAtPrefixScopeHash() {
    S3AudioCache cache = S3AudioCache.open(client, new S3CacheSettings("audio-cache", "tts/cache"));
    CacheKey key = key("team-a", "sichuan");

    cache.put(key, audio("sichuan", 2_000));

    byte[] stored = client.getObjectAsBytes(g -> g.bucket("audio-cache").key("tts/cache/team-a/" + key.hash()))
        .asByteArray();
    assertThat(stored).as("object tts/cache/team-a/<hash>").isEqualTo(audio("sichuan", 2_000));
    assertThat(cache.get(key)).hasValueSatisfying(a -> assertThat(a).isEqualTo(audio("sichuan", 2_000)));
  }

  @Test
  void missingObjectIsAMiss() {
    S3AudioCache cache = S3AudioCache.open(client, new S3CacheSettings("audio-cache", ""));

    assertThat(cache.get(key("team-a", "never stored"))).isEmpty();
  }

  @Test
  void scopeIsAlwaysInThePathSoNamespacesStayApart() {
    S3AudioCache cache = S3AudioCache.open(client, new S3CacheSettings("audio-cache", "isolation/"));

    cache.put(key("team-a", "secret"), audio("secret", 10));
    cache.put(key(RedisKeys.CLUSTER_SCOPE, "shared"), audio("shared", 10));

    assertThat(cache.get(key("team-b", "secret"))).as("team-b asking for team-a's text").isEmpty();
    assertThat(client.listObjectsV2(l -> l.bucket("audio-cache").prefix("isolation/")).contents())
        .extracting(S3Object::key)
        .as("every object under its scope")
        .allMatch(k -> k.startsWith("isolation/team-a/") || k.startsWith("isolation/_cluster/"))
        .hasSize(2);
  }

  @Test
  void openingLeavesNoProbeObjectBehind() {
    S3AudioCache.open(client, new S3CacheSettings("audio-cache", "probe-check/"));

    assertThat(client.listObjectsV2(l -> l.bucket("audio-cache").prefix("probe-check/")).contents()).isEmpty();
  }

  @Test
  void missingBucketFailsAtStartWithAClearMessage() {
    assertThatThrownBy(() -> S3AudioCache.open(client, new S3CacheSettings("no-such-bucket", "cache/")))
        .isInstanceOf(CacheTierMisconfiguredException.class)
        .hasMessageContaining("cache tier 's3' is misconfigured")
        .hasMessageContaining("bucket 'no-such-bucket' does not exist");
  }

  @Test
  void bucketRefusedToTheseCredentialsFailsAtStart() {
    try (S3Client wrongKey = CacheFixtures.s3Client(s3, "wrong-secret")) {
      assertThatThrownBy(() -> S3AudioCache.open(wrongKey, new S3CacheSettings("audio-cache", "cache/")))
          .isInstanceOf(CacheTierMisconfiguredException.class)
          .hasMessageContaining("bucket 'audio-cache' is not accessible (HTTP 403)");
    }
  }
}
