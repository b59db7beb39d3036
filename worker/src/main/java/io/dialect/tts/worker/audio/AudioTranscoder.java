package io.dialect.tts.worker.audio;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.synthesis.Audio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Converts audio between container formats with the {@code ffmpeg} executable (files, not pipes: no deadlocks). */
public final class AudioTranscoder {
  private final String ffmpeg;
  private final Duration timeout;

  public AudioTranscoder() {
    this("ffmpeg", Duration.ofMinutes(2));
  }

  public AudioTranscoder(String ffmpeg, Duration timeout) {
    this.ffmpeg = ffmpeg;
    this.timeout = timeout;
  }

  public Audio transcode(Audio input, AudioFormat target) {
    if (input.format() == target) {
      return input;
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("tts-transcode");
      Path in = dir.resolve("in." + input.format().extension());
      Path out = dir.resolve("out." + target.extension());
      Files.write(in, input.data());
      List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin",
          "-i", in.toString()));
      command.addAll(encoder(target));
      command.add(out.toString());
      run(command, dir.resolve("ffmpeg.log"));
      return new Audio(Files.readAllBytes(out), target);
    } catch (IOException e) {
      throw new UncheckedIOException("ffmpeg transcoding to " + target.extension() + " failed", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static List<String> encoder(AudioFormat target) {
    return switch (target) {
      case MP3 -> List.of("-c:a", "libmp3lame", "-q:a", "4", "-f", "mp3");
      case OGG -> List.of("-c:a", "libopus", "-b:a", "48k", "-f", "ogg");
      case WAV -> List.of("-c:a", "pcm_s16le", "-f", "wav");
    };
  }

  private void run(List<String> command, Path log) throws IOException {
    // stderr to a file: an unread pipe could fill up and stall ffmpeg.
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(log.toFile()).start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("ffmpeg did not finish within " + timeout);
      }
      if (process.exitValue() != 0) {
        String err = Files.readString(log, StandardCharsets.UTF_8).strip();
        throw new IOException("ffmpeg exited " + process.exitValue() + ": " + err);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ffmpeg ran", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // A leftover temp file is not worth failing a synthesized item for.
    }
  }
}
