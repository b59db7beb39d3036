package io.dialect.tts.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The worker's command line: {@code run} a TTSJob locally, {@code shard} in a pod, list {@code voices}. */
@Command(name = "tts-worker", mixinStandardHelpOptions = true, version = "tts-worker 0.1.0",
    description = "Dialect TTS worker: synthesizes the items of a TTSJob.",
    subcommands = {VoicesCommand.class})
public final class WorkerCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new WorkerCli());
  }
}
