package io.dialect.tts.bench.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The performance targets P1–P4 (docs/benchmarks.md), each measured on the real parts next to its ceiling
 * measured in the same run, as medians of {@code --runs} runs. Run from the repository root after a build:
 * {@code bin/bench} (which builds first) or {@code java -cp bench/target/benchmarks.jar
 * io.dialect.tts.bench.targets.TargetsBenchmark}.
 */
@Command(name = "targets", mixinStandardHelpOptions = true,
    description = "Measure the performance targets P1-P4 and print them as a Markdown table.")
public final class TargetsBenchmark implements Callable<Integer> {
  enum Target { P1, P2, P3, P4 }

  @Parameters(arity = "0..*", description = "Targets to measure (default: all): ${COMPLETION-CANDIDATES}")
  private List<Target> targets = new ArrayList<>();

  @Option(names = "--runs", description = "Runs per target; figures are their medians (default 3).")
  private int runs = 3;

  @Option(names = "--items", description = "Items per P1/P2 job (default 6000).")
  private int items = 6_000;

  @Option(names = "--vendor-rate", description = "The simulated vendor's limit in P1/P2, requests/s (default 500).")
  private int vendorRate = 500;

  @Option(names = "--provider-rate", description = "The gateway's provider rateLimit.requestsPerSecond in P1 "
      + "(default: the vendor's limit; 0: none).")
  private Integer providerRate;

  @Option(names = "--provider-burst", description = "Its burst (default 10).")
  private int providerBurst = 10;

  @Option(names = "--jobs", description = "TTSJobs applied at once in P3 (default 1000).")
  private int jobs = 1_000;

  @Option(names = "--lines", description = "Lines of the P4 source (default 1000000).")
  private int lines = 1_000_000;

  @Option(names = "--work-dir", description = "Scratch space (default bench/target/targets).")
  private Path workDir = Path.of("bench", "target", "targets");

  @Option(names = "--report", description = "Also write the table to this file (default bench/target/targets.md).")
  private Path report = Path.of("bench", "target", "targets.md");

  @Option(names = "--profile", description = "Record each worker process with JFR into this directory "
      + "(start this JVM with -XX:StartFlightRecording to record the gateway too).")
  private Path profile;

  @Option(names = "--worker-jvm", split = " ", description = "More JVM options for the worker processes "
      + "(e.g. \"-XX:TieredStopAtLevel=1\").")
  private List<String> workerJvm = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new TargetsBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Set<Target> chosen = targets.isEmpty() ? EnumSet.allOf(Target.class) : EnumSet.copyOf(targets);
    // Absolute: the worker processes run in their job's directory.
    workDir = workDir.toAbsolutePath();
    DataPathRig.delete(workDir);
    Files.createDirectories(workDir);
    if (profile != null) {
      Files.createDirectories(profile);
      DataPathRig.workerOptions.add("-XX:StartFlightRecording=settings=profile,filename=" + profile.toAbsolutePath() + "/{pod}.jfr");
    }
    DataPathRig.workerOptions.addAll(workerJvm);
    List<Figure> figures = new ArrayList<>();
    if (chosen.contains(Target.P1) || chosen.contains(Target.P2)) {
      DataPathRig.VendorShape vendor = new DataPathRig.VendorShape(DataPathTargets.VENDOR.latencyMillis(), vendorRate,
          Math.max(1, vendorRate / 10), DataPathTargets.VENDOR.answerBytes());
      figures.addAll(new DataPathTargets(workDir, items, runs, vendor,
          new DataPathRig.GatewayShape(providerRate == null ? vendorRate : providerRate, providerBurst, 0, 8))
          .measure(chosen.contains(Target.P1), chosen.contains(Target.P2)));
    }
    if (chosen.contains(Target.P3)) {
      figures.addAll(new OperatorAtScale(workDir.resolve("operator"), jobs, runs).measure());
    }
    if (chosen.contains(Target.P4)) {
      figures.addAll(new LargeSourceTarget(workDir.resolve("large-source"), lines, runs).measure());
    }
    String table = table(figures);
    System.out.println();
    System.out.println(table);
    Files.writeString(report, table);
    return figures.stream().allMatch(Figure::met) ? 0 : 1;
  }

  private String table(List<Figure> figures) {
    StringBuilder out = new StringBuilder("Measured " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, medians of " + runs + " runs:\n\n"
        + "| target | figure | value | ceiling (same run) | ratio | target | result |\n"
        + "|---|---|---|---|---|---|---|\n");
    figures.forEach(figure -> out.append(figure.row()).append('\n'));
    return out.toString();
  }
}
