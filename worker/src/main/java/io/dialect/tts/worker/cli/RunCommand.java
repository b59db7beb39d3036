package io.dialect.tts.worker.cli;

import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.worker.cache.DiskCacheSettings;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.JobOutput;
import io.dialect.tts.worker.output.ManifestStore;
import io.dialect.tts.worker.output.ManifestWriter;
import io.dialect.tts.worker.pipeline.ItemListener;
import io.dialect.tts.worker.pipeline.ShardSummary;
import io.dialect.tts.worker.pipeline.WorkerAssembly;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.source.ItemSources;
import io.dialect.tts.worker.source.S3ItemSource;
import io.dialect.tts.worker.source.Shard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code run FILE.yaml --out DIR}: a whole TTSJob on this machine. No cluster, Redis or S3 unless
 * asked for: espeak-ng, an in-process cache and an on-disk cache under the user's cache directory.
 * The job's spec.output is a cluster place; locally the audio goes to {@code --out}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Synthesize a whole TTSJob manifest locally; audio and manifest.jsonl go to --out.")
final class RunCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.yaml", description = "A TTSJob manifest.")
  private Path jobFile;

  @Option(names = "--out", required = true, description = "Directory for the audio files, manifest.jsonl and audit.jsonl.")
  private Path out;

  @Option(names = "--source-dir", description = "Directory holding a configMapRef source's key as a file "
      + "(default: the manifest's directory).")
  private Path sourceDir;

  @Option(names = "--no-disk-cache", description = "Do not use the on-disk cache under the user's cache directory.")
  private boolean noDiskCache;

  @Option(names = "--no-progress", description = "No progress bar (e.g. when output is not a terminal).")
  private boolean noProgress;

  @Mixin
  private ServiceOptions services;

  @Override
  public Integer call() throws Exception {
    TTSJob job = JobManifests.read(jobFile);
    WorkerConfig config = services.config();
    PrintWriter stdout = spec.commandLine().getOut();
    Files.createDirectories(out);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Path diskCache = noDiskCache ? null : DiskCacheSettings.userCacheDirectory();
    try (PrintStream audit = new PrintStream(Files.newOutputStream(out.resolve("audit.jsonl")), true,
             StandardCharsets.UTF_8);
         WorkerAssembly assembly = WorkerAssembly.create(config,
             new WorkerAssembly.Environment(services.redisUrl(), ServiceOptions.redisPassword(), services.s3Settings(),
                 diskCache), meters, audit)) {
      JobOutput output = JobOutput.directory(out, "");
      LocalProgressCounters progress = new LocalProgressCounters();
      long expected = job.getSpec().getItems() == null ? -1 : job.getSpec().getItems().size();
      ShardSummary summary;
      // A rerun reports the items an earlier run wrote as that run recorded them (provider, billing).
      EarlierResults earlier = output.manifests().earlier(ManifestStore.MANIFEST);
      try (ManifestWriter manifest = output.manifests().open(ManifestStore.MANIFEST);
           ProgressBar bar = progressBar(expected)) {
        List<ItemListener> listeners = List.of(
            result -> manifest.append(result.entry()),
            result -> {
              if (bar != null) {
                bar.step();
              }
            });
        var source = ItemSources.forJob(job.getSpec(),
            sourceDir != null ? sourceDir : jobFile.toAbsolutePath().getParent(),
            object -> new S3ItemSource(assembly.s3(), object.getBucket(), object.getKey(), object.getFormat()));
        summary = assembly.localRunnerFor(job, output.audio(), earlier, progress, progress, listeners)
            .run(ItemSources.open(source, Shard.WHOLE));
      }
      printSummary(stdout, summary, assembly.cacheTiers());
      return summary.failed() > job.getSpec().maxFailedItems() ? 1 : 0;
    }
  }

  private ProgressBar progressBar(long expected) {
    if (noProgress) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("Synthesizing").setInitialMax(expected)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
        .continuousUpdate().build();
  }

  private void printSummary(PrintWriter stdout, ShardSummary summary, List<String> tiers) {
    stdout.printf("%nItems:      %d (%d succeeded, %d failed)%n", summary.items(), summary.succeeded(),
        summary.failed());
    stdout.printf("Cached:     %d (tiers: %s)%n", summary.cached(), String.join(", ", tiers));
    stdout.printf("Billed:     %d characters%n", summary.billedCharacters());
    stdout.printf("Providers:  %s%n", summary.providers().isEmpty() ? "none" : summary.providers());
    stdout.printf("Wall time:  %.1f s%n", summary.wallTime().toMillis() / 1000.0);
    stdout.printf("Audio:      %s%n", out.toAbsolutePath());
    stdout.printf("Manifest:   %s%n", out.resolve(ManifestStore.MANIFEST).toAbsolutePath());
    stdout.flush();
  }
}
