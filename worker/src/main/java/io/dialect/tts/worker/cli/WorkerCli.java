package io.dialect.tts.worker.cli;

import io.dialect.tts.worker.cache.CacheTierMisconfiguredException;
import io.dialect.tts.worker.source.InvalidSourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The worker's command line: {@code run} a TTSJob locally, {@code shard} in a pod, list {@code voices}. */
@Command(name = "tts-worker", mixinStandardHelpOptions = true, version = "tts-worker 0.1.0",
    description = "Dialect TTS worker: synthesizes the items of a TTSJob.",
    subcommands = {RunCommand.class, ShardCommand.class, ServeCommand.class, VoicesCommand.class})
public final class WorkerCli {
  /** Exit code of a run stopped by bad input or configuration, with the reason on stderr. */
  static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new WorkerCli());
    // Bad input and configuration are the user's to fix: one line saying what, not a stack trace.
    cli.setExecutionExceptionHandler((exception, command, parsed) -> {
      if (exception instanceof JobManifests.InvalidJobException || exception instanceof InvalidSourceException
          || exception instanceof IllegalArgumentException || exception instanceof CacheTierMisconfiguredException) {
        command.getErr().println("error: " + exception.getMessage());
        return EXIT_USAGE;
      }
      throw exception;
    });
    return cli;
  }
}
