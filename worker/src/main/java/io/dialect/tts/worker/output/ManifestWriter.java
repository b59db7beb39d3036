package io.dialect.tts.worker.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends manifest lines to a local file; items finish concurrently, so appends are thread-safe and
 * each line is written whole. A store without appends (S3) gets the file {@linkplain Publisher
 * published} every {@code publishEvery} lines and at close, so a crash loses at most that many
 * lines; a rerun writes the manifest afresh (skipped items included), so the file starts empty.
 */
public final class ManifestWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestWriter.class);
  private static final ObjectWriter JSON = new ObjectMapper().writerFor(ManifestEntry.class);

  /** Copies the first {@code length} bytes of the file to where the manifest lives. */
  @FunctionalInterface
  public interface Publisher {
    void publish(Path file, long length) throws IOException;
  }

  private final Path file;
  private final OutputStream out;
  private final Publisher publisher;
  private final int publishEvery;
  private final boolean deleteOnClose;
  private final ReentrantLock appending = new ReentrantLock();
  private final ReentrantLock publishing = new ReentrantLock();
  private long lines;
  private long length;
  private volatile long publishedLines;
  private boolean closed;

  private ManifestWriter(Path file, Publisher publisher, int publishEvery, boolean deleteOnClose) throws IOException {
    this.file = file;
    this.out = new BufferedOutputStream(Files.newOutputStream(file));
    this.publisher = publisher;
    this.publishEvery = publishEvery;
    this.deleteOnClose = deleteOnClose;
  }

  /** Writes straight to {@code file} (a directory output or the local run), replacing an earlier run's. */
  public static ManifestWriter appendingTo(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return new ManifestWriter(file, null, 0, false);
  }

  /**
   * Buffers lines in {@code tempFile}, publishes them every {@code publishEvery} lines and at close,
   * then deletes the file.
   */
  public static ManifestWriter publishing(Path tempFile, int publishEvery, Publisher publisher) throws IOException {
    if (publishEvery < 1) {
      throw new IllegalArgumentException("publishEvery must be at least 1");
    }
    return new ManifestWriter(tempFile, publisher, publishEvery, true);
  }

  public void append(ManifestEntry entry) {
    byte[] line;
    try {
      line = JSON.writeValueAsBytes(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest entry always serializes", e);
    }
    boolean due;
    appending.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the manifest is closed");
      }
      out.write(line);
      out.write('\n');
      if (publisher == null) {
        // In place (a claim, the local run): each line reaches the file at once, so a restarted shard
        // reads every result its predecessor finished (see EarlierResults).
        out.flush();
      }
      length += line.length + 1;
      lines++;
      due = publisher != null && lines - publishedLines >= publishEvery;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the manifest", e);
    } finally {
      appending.unlock();
    }
    if (due && publishing.tryLock()) { // one upload at a time; appends go on meanwhile
      try {
        publish();
      } finally {
        publishing.unlock();
      }
    }
  }

  /** Lines appended so far. */
  public long lines() {
    appending.lock();
    try {
      return lines;
    } finally {
      appending.unlock();
    }
  }

  /** Flushes, publishes the whole manifest (if it has a publisher) and releases the file. */
  @Override
  public void close() throws IOException {
    appending.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
    } finally {
      appending.unlock();
    }
    publishing.lock();
    try {
      if (publisher != null) {
        publisher.publish(file, length);
      }
    } finally {
      publishing.unlock();
      if (deleteOnClose) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Publishes a snapshot: lines only ever get appended, so the first {@code length} bytes are complete lines. */
  private void publish() {
    long snapshotLength;
    long snapshotLines;
    appending.lock();
    try {
      if (closed) {
        return;
      }
      out.flush();
      snapshotLength = length;
      snapshotLines = lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush the manifest", e);
    } finally {
      appending.unlock();
    }
    try {
      publisher.publish(file, snapshotLength);
      publishedLines = snapshotLines;
    } catch (IOException | RuntimeException e) {
      // Only an early copy failed: the lines are safe in the file and the publication at close carries them.
      LOG.warn("Publishing the manifest after {} lines failed: {}", snapshotLines, e.toString());
    }
  }
}
