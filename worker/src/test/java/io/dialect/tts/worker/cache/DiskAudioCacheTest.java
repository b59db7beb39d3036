package io.dialect.tts.worker.cache;

import static io.dialect.tts.worker.cache.CacheFixtures.audio;
import static io.dialect.tts.worker.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskAudioCacheTest {
  @TempDir
  Path dir;

  @Test
  void entryLivesAtScopeThenHashPrefixThenHash() {
    DiskAudioCache cache = DiskAudioCache.open(new DiskCacheSettings(dir, 0));
    CacheKey key = key("team-a", "你好");

    cache.put(key, audio("你好", 500));

    Path expected = dir.resolve("team-a").resolve(key.hash().substring(0, 2)).resolve(key.hash());
    assertThat(expected).as("{dir}/{scope}/{hash[0..2]}/{hash}").isRegularFile().hasBinaryContent(audio("你好", 500));
  }

  @Test
  void entriesSurviveANewInstanceOnTheSameDirectory() {
    DiskAudioCache.open(new DiskCacheSettings(dir, 0)).put(key("team-a", "persist"), audio("persist", 700));

    DiskAudioCache restarted = DiskAudioCache.open(new DiskCacheSettings(dir, 0));

    assertThat(restarted.get(key("team-a", "persist"))).as("entry written before the restart")
        .hasValueSatisfying(a -> assertThat(a).isEqualTo(audio("persist", 700)));
    assertThat(restarted.bytes()).as("bytes counted from the existing files").isEqualTo(700);
  }

  @Test
  void scopesDoNotSeeEachOthersEntries() {
    DiskAudioCache cache = DiskAudioCache.open(new DiskCacheSettings(dir, 0));

    cache.put(key("team-a", "secret"), audio("secret", 100));

    assertThat(cache.get(key("team-b", "secret"))).as("same text in another namespace").isEmpty();
  }

  @Test
  void writesLeaveNoTemporaryFilesBehind() throws IOException {
    DiskAudioCache cache = DiskAudioCache.open(new DiskCacheSettings(dir, 0));

    for (int i = 0; i < 20; i++) {
      cache.put(key("team-a", "t" + (i % 5)), audio("t" + i, 200));
    }

    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).as("only the 5 distinct entries remain").hasSize(5)
          .noneMatch(f -> f.getFileName().toString().endsWith(".tmp"));
    }
    assertThat(cache.bytes()).as("overwrites are not double counted").isEqualTo(5 * 200);
  }

  @Test
  void overTheBoundTheLeastRecentlyUsedEntriesAreRemovedFirst() throws IOException {
    DiskAudioCache cache = DiskAudioCache.open(new DiskCacheSettings(dir, 1_000));
    CacheKey a = key("team-a", "a");
    CacheKey b = key("team-a", "b");
    CacheKey c = key("team-a", "c");
    cache.put(a, audio("a", 300));
    cache.put(b, audio("b", 300));
    cache.put(c, audio("c", 300));
    // File times are coarse: give the entries a clear order of use, a oldest.
    Instant now = Instant.now();
    Files.setLastModifiedTime(cache.file(a), FileTime.from(now.minus(Duration.ofHours(3))));
    Files.setLastModifiedTime(cache.file(b), FileTime.from(now.minus(Duration.ofHours(2))));
    Files.setLastModifiedTime(cache.file(c), FileTime.from(now.minus(Duration.ofHours(1))));

    assertThat(cache.get(a)).as("reading a makes it the most recently used").isPresent();
    cache.put(key("team-a", "d"), audio("d", 300));

    assertThat(cache.file(b)).as("b, least recently used, is evicted").doesNotExist();
    assertThat(cache.file(a)).as("a was read just now").exists();
    assertThat(cache.file(c)).exists();
    assertThat(cache.file(key("team-a", "d"))).as("the entry just written").exists();
    assertThat(cache.bytes()).isLessThanOrEqualTo(1_000);
  }

  @Test
  void directoryThatIsAFileFailsAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> DiskAudioCache.open(new DiskCacheSettings(file, 0)))
        .isInstanceOf(CacheTierMisconfiguredException.class)
        .hasMessageContaining("cache tier 'disk' is misconfigured").hasMessageContaining(file.toString());
  }

  @Test
  void directoryThatCannotBeCreatedFailsAtStart() throws IOException {
    // Permission bits do not stop root (as tests run here); a file in the path stops everyone.
    Path blocked = Files.writeString(dir.resolve("blocker"), "x").resolve("audio");

    assertThatThrownBy(() -> DiskAudioCache.open(new DiskCacheSettings(blocked, 0)))
        .isInstanceOf(CacheTierMisconfiguredException.class)
        .hasMessageContaining("cannot create directory " + blocked);
  }

  @Test
  void userCacheDirectoryIsUnderTheUsersCacheHome() {
    assertThat(DiskCacheSettings.userCacheDirectory()).endsWithRaw(Path.of("dialect-tts", "audio"));
  }
}
