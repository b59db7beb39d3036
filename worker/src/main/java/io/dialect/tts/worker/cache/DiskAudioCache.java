package io.dialect.tts.worker.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Local tier that outlives the process: files {@code {dir}/{scope}/{hash[0..2]}/{hash}}, written to a
 * temp file and moved into place so a reader never sees half an entry. With a byte bound, the least
 * recently used files (by modification time, refreshed on every read) are removed first.
 */
public final class DiskAudioCache implements AudioCache {
  private static final String TEMP_SUFFIX = ".tmp";
  /** Evict down to this share of the bound, so eviction does not walk the tree on every write. */
  private static final double LOW_WATER_MARK = 0.9;

  private final Path directory;
  private final long maxBytes;
  private final AtomicLong bytes;
  private final ReentrantLock eviction = new ReentrantLock();

  private DiskAudioCache(Path directory, long maxBytes, long bytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.bytes = new AtomicLong(bytes);
  }

  /**
   * Creates the directory if needed and checks it is writable.
   *
   * @throws CacheTierMisconfiguredException when the directory cannot be created or written
   */
  public static DiskAudioCache open(DiskCacheSettings settings) {
    Path directory = settings.directory().toAbsolutePath();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new CacheTierMisconfiguredException("disk", "cannot create directory " + directory + " (" + e + ")", e);
    }
    try {
      Files.delete(Files.createTempFile(directory, ".write-probe", TEMP_SUFFIX));
    } catch (IOException e) {
      throw new CacheTierMisconfiguredException("disk", "directory " + directory + " is not writable (" + e + ")", e);
    }
    DiskAudioCache cache = new DiskAudioCache(directory, settings.maxBytes(), 0);
    cache.bytes.set(cache.entries().stream().mapToLong(Entry::size).sum());
    return cache;
  }

  @Override
  public String tier() {
    return "disk";
  }

  @Override
  public Optional<byte[]> get(CacheKey key) {
    Path file = file(key);
    try {
      byte[] audio;
      try {
        audio = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      // A read counts as a use for eviction.
      try {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
      } catch (NoSuchFileException evictedSinceRead) {
        // Still a hit: the bytes are already read.
      }
      return Optional.of(audio);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(CacheKey key, byte[] audio) {
    Path file = file(key);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), key.hash(), TEMP_SUFFIX);
      try {
        Files.write(temp, audio);
        long replaced = Files.exists(file) ? Files.size(file) : 0;
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        bytes.addAndGet(audio.length - replaced);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (maxBytes > 0 && bytes.get() > maxBytes) {
      evict();
    }
  }

  /** Bytes of audio currently on disk, as this instance counts them. */
  public long bytes() {
    return bytes.get();
  }

  /** The file that holds a key's entry. */
  public Path file(CacheKey key) {
    return directory.resolve(key.scope()).resolve(key.hash().substring(0, 2)).resolve(key.hash());
  }

  private void evict() {
    // One evicting thread is enough; the others carry on writing.
    if (!eviction.tryLock()) {
      return;
    }
    try {
      List<Entry> entries = new ArrayList<>(entries());
      entries.sort(Comparator.comparing(Entry::lastModified));
      long total = entries.stream().mapToLong(Entry::size).sum();
      long target = (long) (maxBytes * LOW_WATER_MARK);
      for (Entry entry : entries) {
        if (total <= target) {
          break;
        }
        if (Files.deleteIfExists(entry.file())) {
          total -= entry.size();
        }
      }
      bytes.set(total);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      eviction.unlock();
    }
  }

  private List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile() && !file.getFileName().toString().endsWith(TEMP_SUFFIX)) {
            entries.add(new Entry(file, attributes.size(), attributes.lastModifiedTime()));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          // Another process may remove entries while we walk.
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private record Entry(Path file, long size, FileTime lastModified) {
  }
}
