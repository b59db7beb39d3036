package io.dialect.tts.worker.audio;

import io.dialect.tts.worker.synthesis.Audio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Asks the real ffprobe what a piece of audio is: proof that it decodes, not just that bytes exist. */
public final class Ffprobe {
  private Ffprobe() {
  }

  /** The decoded duration in seconds; fails when ffprobe cannot read the audio. */
  public static double durationSeconds(Audio audio) throws IOException, InterruptedException {
    return Double.parseDouble(probe(audio, "-show_entries", "format=duration"));
  }

  /** The codec of the first audio stream, as ffprobe names it (mp3, opus, pcm_s16le). */
  public static String codec(Audio audio) throws IOException, InterruptedException {
    return probe(audio, "-select_streams", "a:0", "-show_entries", "stream=codec_name");
  }

  private static String probe(Audio audio, String... query) throws IOException, InterruptedException {
    Path file = Files.createTempFile("probe", "." + audio.format().extension());
    try {
      Files.write(file, audio.data());
      List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "csv=p=0"));
      command.addAll(List.of(query));
      command.add(file.toString());
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0 || out.isEmpty() || out.contains("Invalid")) {
        throw new AssertionError("ffprobe cannot read the " + audio.format() + " audio: " + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
