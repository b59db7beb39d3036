package io.dialect.tts.worker.provider;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.worker.audio.AudioTranscoder;
import io.dialect.tts.worker.audio.WavContainer;
import io.dialect.tts.worker.provider.ProviderException.Kind;
import io.dialect.tts.worker.provider.config.ProviderSettings;
import io.dialect.tts.worker.synthesis.Audio;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The local espeak-ng engine: free, always there, intelligible Mandarin ({@code cmn}), Cantonese
 * ({@code yue}) and Hakka ({@code hak}). WAV natively; mp3 and ogg through ffmpeg.
 */
public final class EspeakProvider implements TtsProvider {
  /** espeak-ng's default speaking rate, words per minute, which speed 1.0 means. */
  static final int BASE_WORDS_PER_MINUTE = 175;

  private final ProviderSettings settings;
  private final String executable;
  private final AudioTranscoder transcoder;

  public EspeakProvider(ProviderSettings settings, AudioTranscoder transcoder) {
    this(settings, "espeak-ng", transcoder);
  }

  public EspeakProvider(ProviderSettings settings, String executable, AudioTranscoder transcoder) {
    this.settings = settings;
    this.executable = executable;
    this.transcoder = transcoder;
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public boolean billed() {
    return false;
  }

  @Override
  public int maxCharactersPerRequest() {
    return settings.maxCharactersPerRequest();
  }

  @Override
  public Audio synthesize(ProviderCall call) {
    Audio wav = new Audio(WavContainer.parse(speak(call)).toBytes(), AudioFormat.WAV);
    try {
      return transcoder.transcode(wav, call.format());
    } catch (RuntimeException e) {
      throw new ProviderException(Kind.RETRYABLE, name(), 0, null, "transcoding failed: " + e.getMessage(), e);
    }
  }

  static int wordsPerMinute(double speed) {
    return (int) Math.round(BASE_WORDS_PER_MINUTE * speed);
  }

  /** Runs espeak-ng with the text on stdin (never on a command line or through a shell). */
  private byte[] speak(ProviderCall call) {
    List<String> command = List.of(executable, "-v", call.voiceId(), "-s", String.valueOf(wordsPerMinute(call.speed())),
        "-b", "1", "--stdout");
    Duration timeout = settings.timeouts().request();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new ProviderException(Kind.RETRYABLE, name(), 0, null, "cannot start " + executable + ": " + e.getMessage(), e);
    }
    CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(call.text().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      process.destroyForcibly();
      throw new ProviderException(Kind.RETRYABLE, name(), 0, null, "cannot feed text to " + executable, e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ProviderException(Kind.RETRYABLE, name(), "espeak-ng did not finish within " + timeout);
      }
      byte[] wav = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        // A voice espeak-ng does not know is a configuration error, not a transient one.
        throw new ProviderException(Kind.CALLER, name(), String.format(Locale.ROOT,
            "espeak-ng exited %d for voice %s", process.exitValue(), call.voiceId()));
      }
      return wav;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ProviderException(Kind.RETRYABLE, name(), 0, null, "interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new ProviderException(Kind.RETRYABLE, name(), 0, null, "cannot read espeak-ng output", e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
