package io.dialect.tts.client.cli;

import io.dialect.tts.client.AudioFormat;
import io.dialect.tts.client.Speech;
import io.dialect.tts.client.SpeechRequest;
import io.dialect.tts.client.TtsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code say}: synthesizes one text and prints a summary line; the audio goes to {@code --out} when given. */
@Command(name = "say", mixinStandardHelpOptions = true,
    description = {"Synthesizes one text through the gateway and prints one line:",
        "bytes, format, provider, cache tier, billed characters, degraded, request id."})
final class SayCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--text", required = true, description = "The text to speak.")
  private String text;

  @Option(names = "--dialect", required = true, description = "The dialect, e.g. dongbei, cantonese.")
  private String dialect;

  @Option(names = "--voice", description = "The voice, e.g. dongbei_laotie. Default: the gateway's.")
  private String voice;

  @Option(names = "--speed", description = "The speaking rate, 1.0 being normal. Default: the gateway's.")
  private Double speed;

  @Option(names = "--emotion", description = "The emotion, e.g. neutral, cheerful. Default: the gateway's.")
  private String emotion;

  @Option(names = "--format", description = "mp3, wav or ogg. Default: the gateway's.")
  private AudioFormat format;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the audio. Default: nowhere (a check only).")
  private Path out;

  @Option(names = "--url", paramLabel = "URL",
      description = "The gateway's base URL. Default: $" + TtsClient.GATEWAY_URL_ENV + ".")
  private URI url;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "The projected ServiceAccount token. Default: $" + TtsClient.TOKEN_FILE_ENV + ", else /var/run/secrets/tts/token.")
  private Path tokenFile;

  @Override
  public Integer call() throws IOException {
    TtsClient.Builder builder = TtsClient.builder();
    if (url != null) {
      builder.baseUrl(url);
    }
    if (tokenFile != null) {
      builder.tokenFile(tokenFile);
    }
    try (TtsClient client = builder.build()) {
      Speech speech = client.synthesize(request());
      if (out != null) {
        write(speech);
      }
      spec.commandLine().getOut().println(summary(speech));
      return TtsClientCli.EXIT_OK;
    }
  }

  private void write(Speech speech) throws IOException {
    try {
      Files.write(out, speech.audio());
    } catch (IOException e) {
      throw new IOException("cannot write the audio to " + out + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private SpeechRequest request() {
    SpeechRequest request = SpeechRequest.of(text);
    if (dialect != null) {
      request = request.dialect(dialect);
    }
    if (voice != null) {
      request = request.voice(voice);
    }
    if (speed != null) {
      request = request.speed(speed);
    }
    if (emotion != null) {
      request = request.emotion(emotion);
    }
    if (format != null) {
      request = request.format(format);
    }
    return request;
  }

  // key=value pairs: readable, and easy to pick apart in a script.
  private String summary(Speech speech) {
    return "bytes=" + speech.size() + " format=" + speech.format().wireName()
        + " provider=" + speech.provider().orElse("-") + " cacheTier=" + speech.cacheTier()
        + " billedCharacters=" + speech.billedCharacters() + " degraded=" + speech.degraded()
        + " requestId=" + speech.requestId() + (out == null ? "" : " out=" + out);
  }
}
