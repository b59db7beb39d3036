package io.dialect.tts.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What a consumer of the outputs checks: that a file is audio, not an error body written in its place. */
final class AudioFiles {
  private AudioFiles() {
  }

  /**
   * Whether the file starts as audio does: an ID3 tag or an MPEG frame sync (MP3), {@code RIFF....WAVE}
   * (WAV) or {@code OggS} (OGG). A JSON, HTML or text error body starts with none of them.
   */
  static boolean looksLikeAudio(Path file) throws IOException {
    byte[] head = new byte[12];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    }
    if (read >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
      return true;
    }
    if (read >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
      return true;
    }
    if (read >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WAVE")) {
      return true;
    }
    return read >= 4 && ascii(head, 0, 4).equals("OggS");
  }

  /** ffprobe's name of the file's container format (e.g. {@code mp3}); its error text when it cannot read it. */
  static String ffprobeFormat(Path file) throws IOException, InterruptedException {
    Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=format_name", "-of",
        "default=nw=1:nk=1", file.toString()).redirectErrorStream(true).start();
    String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    probe.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String ascii(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
  }
}
