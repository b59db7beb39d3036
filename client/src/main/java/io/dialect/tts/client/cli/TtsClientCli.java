package io.dialect.tts.client.cli;

import io.dialect.tts.client.TtsException;
import io.dialect.tts.client.TtsQuotaExceededException;
import io.dialect.tts.client.TtsRejectedException;
import io.dialect.tts.client.TtsUnauthorizedException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The client's command line, {@code java -jar tts-client.jar say --text "..."}: one synthesis call
 * through the gateway, for quick checks from a shell or a demo pod.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_REFUSED} a call the caller must fix (rejected,
 * unauthorized, quota exceeded) or bad usage; {@value #EXIT_FAILED} the gateway was unavailable or
 * anything else went wrong. Failures print one line, {@code error: CODE...}, on stderr.
 */
@Command(name = "tts-client", mixinStandardHelpOptions = true, version = "tts-client 0.1.0",
    description = "Calls the Dialect TTS synthesis gateway.",
    subcommands = SayCommand.class)
public final class TtsClientCli {
  /** Exit code of a successful call. */
  public static final int EXIT_OK = 0;
  /** Exit code when the gateway was unavailable or something else failed. */
  public static final int EXIT_FAILED = 1;
  /** Exit code of a refusal the caller must act on (rejected, unauthorized, quota exceeded) and of bad usage. */
  public static final int EXIT_REFUSED = 2;

  private TtsClientCli() {
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TtsClientCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // What went wrong is the gateway's answer or the user's setup: one line saying what, not a stack trace.
    cli.setExecutionExceptionHandler((exception, command, parsed) -> {
      int exitCode;
      if (exception instanceof TtsRejectedException || exception instanceof TtsUnauthorizedException
          || exception instanceof TtsQuotaExceededException
          // no gateway URL, a blank text: the user's to fix, like a usage error
          || exception instanceof IllegalArgumentException || exception instanceof IllegalStateException) {
        exitCode = EXIT_REFUSED;
      } else if (exception instanceof TtsException || exception instanceof IOException) {
        exitCode = EXIT_FAILED;
      } else {
        throw exception;
      }
      command.getErr().println("error: " + exception.getMessage()
          + (exception instanceof TtsQuotaExceededException quota
              ? quota.resetsAt().map(instant -> " (resets at " + instant + ")").orElse("") : ""));
      return exitCode;
    });
    return cli;
  }
}
