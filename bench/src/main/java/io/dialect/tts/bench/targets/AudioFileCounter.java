package io.dialect.tts.bench.targets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Counts the audio files a job's output holds, every 50 ms while its workers run: when each item landed. */
final class AudioFileCounter {
  private final Path dir;
  private final List<double[]> timeline = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;
  private Thread sampler;

  AudioFileCounter(Path dir) {
    this.dir = dir;
  }

  /** @param alongside also run every 50 ms (e.g. reading the workers' CPU time while they live) */
  void startSampling(long startedNanos, Runnable alongside) {
    sampler = Thread.ofPlatform().daemon().name("audio-file-counter").start(() -> {
      while (!stopped) {
        timeline.add(new double[] {(System.nanoTime() - startedNanos) / 1e9, count()});
        alongside.run();
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  void stop() throws InterruptedException {
    stopped = true;
    sampler.join();
  }

  List<double[]> timeline() {
    return List.copyOf(timeline);
  }

  /** Audio files (not the manifest, not temporary files) in the output now. */
  long count() {
    long files = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.mp3")) {
      for (Path ignored : entries) {
        files++;
      }
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir, e);
    }
    return files;
  }
}
