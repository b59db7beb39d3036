package io.dialect.tts.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The fault suite's summary: one row per scenario, recorded by the scenario from what it measured before it
 * asserts (so a broken promise still shows its numbers), with the test's result added when it ends. Written
 * as Markdown after each test class (the last write holds the whole run) to {@value #DEFAULT_PATH} and, when
 * the system property {@value #PROPERTY} names a file (relative to the repository root), there too: that is
 * how {@code docs/reliability.md} is made.
 */
final class ReliabilityReport implements TestWatcher, AfterAllCallback {
  static final String PROPERTY = "reliability.report";
  static final String DEFAULT_PATH = "e2e/target/reliability.md";
  static final String COMMAND = "mvn -B verify -pl e2e -am -Dtest='FaultSuiteTest' "
      + "-Dsurefire.failIfNoSpecifiedTests=false -Dreliability.report=docs/reliability.md";

  /** One scenario's line of the table; values are as printed ("—" where a column does not apply). */
  record Row(String fault, String itemsDone, String itemsLost, String billedPerUnique, String errorBodies,
      String timeToRecover, String notes) {

    /** A job's row from its measured outcome. */
    static Row of(String fault, ScenarioOutcome outcome, Optional<Duration> recovery, String notes) {
      double ratio = outcome.billedPerUniqueCharacter();
      return new Row(fault, outcome.done() + "/" + outcome.expected(), String.valueOf(outcome.lost().size()),
          Double.isNaN(ratio) ? "— (no vendor audio)" : String.format(Locale.ROOT, "%.3f", ratio),
          String.valueOf(outcome.errorBodies()), recovery.map(ReliabilityReport::seconds).orElse("—"), notes);
    }
  }

  private static final Map<String, Row> ROWS = new ConcurrentHashMap<>();
  private static final Map<String, String> RESULTS = new ConcurrentHashMap<>();

  /** Records the row of the scenario {@code key} (rows are ordered by key, e.g. "1", "2", "6a"). */
  static void record(String key, Row row) {
    ROWS.put(key, row);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static String minutes(Duration duration) {
    return "%d:%02d min".formatted(duration.toMinutes(), duration.toSecondsPart());
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    RESULTS.put(context.getDisplayName(), "passed");
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("").strip();
    RESULTS.put(context.getDisplayName(), "**FAILED**: " + (message.length() > 160 ? message.substring(0, 160) + "…"
        : message));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    String markdown = markdown();
    write(Path.of(DEFAULT_PATH), markdown);
    String requested = System.getProperty(PROPERTY, "").strip();
    // An unset Maven property reaches the test JVM as its own ${...} text.
    if (!requested.isEmpty() && !requested.startsWith("${")) {
      write(Path.of(requested), markdown);
    }
  }

  private static void write(Path file, String markdown) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(file, markdown);
  }

  private static String markdown() {
    StringBuilder md = new StringBuilder(INTRO.formatted(COMMAND, machine(),
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
        minutes(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()))));
    md.append("| # | fault | items done | items lost | billed ÷ unique characters | error bodies stored as audio "
        + "| time to recover | test | notes |\n|---|---|---|---|---|---|---|---|---|\n");
    new TreeMap<>(ROWS).forEach((key, row) -> md.append("| ").append(key).append(" | ")
        .append(String.join(" | ", row.fault(), row.itemsDone(), row.itemsLost(), row.billedPerUnique(),
            row.errorBodies(), row.timeToRecover(), resultOf(key), row.notes().replace("|", "\\|")))
        .append(" |\n"));
    RESULTS.forEach((test, result) -> {
      if (!result.equals("passed") && ROWS.keySet().stream().noneMatch(key -> test.startsWith(key + " "))) {
        md.append("\n").append(test).append(": ").append(result).append(" before it recorded its row.\n");
      }
    });
    return md.toString();
  }

  /** A scenario's test is displayed as "KEY fault..." ({@code @DisplayName}). */
  private static String resultOf(String key) {
    return RESULTS.entrySet().stream().filter(e -> e.getKey().startsWith(key + " ")).map(Map.Entry::getValue)
        .findFirst().orElse("not run");
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
    } catch (IOException | UncheckedIOException e) {
      // not Linux: the core count below still says the most
    }
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return "%d cores (%s), %d GiB RAM, %s %s, Java %s".formatted(Runtime.getRuntime().availableProcessors(), cpu,
        Math.round(memory / (1024.0 * 1024 * 1024)), System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("java.version"));
  }

  private static final String INTRO = """
      # Reliability: the fault suite

      Written by the end-to-end suite's `FaultSuiteTest` (`e2e/`) at the end of its run; this file is that
      output, unedited. Each scenario runs a small job on the end-to-end cluster (real kube-apiserver and Job
      controller, worker pods as processes, Redis, S3Proxy, the operator and two gateway replicas as processes,
      `SimulatedVendor` as the billed vendor; see `docs/testing.md`), injects one fault mid-job, and asserts the
      promises below; the row is recorded before the assertions, so a broken promise shows its numbers.

      1. **Vendor errors**: 30 %% of vendor calls answered 500 and 5 %% never answered (held past the gateway's
         30 s provider request timeout, then closed; not billed) for a whole job.
      2. **Vendor down 60 s** mid-job: every call 503; the local espeak engine stands in (degraded).
      3. **Worker pod killed** mid-shard: the pod is force-deleted, its process gets SIGKILL; the Job
         controller starts another for the index.
      4. **Redis restarted empty** mid-job (no persistence: every ledger, lock, counter and cached audio gone).
      5. **Operator killed** (SIGKILL) mid-job; a new replica is started at once, as its Deployment would.
      6. **Malformed input**: (a) TTSJob manifests applied with `kubectl apply`, each refused by the API server
         with its message or given `Admitted=False` / `InvalidSpec` and a Warning Event; (b) malformed lines
         (bad JSON, missing or empty text, oversized text, bad UTF-8, duplicate ids, ...) among valid ones in a
         ConfigMap source.

      Columns:
      - **items done**: valid items with real audio and a `Succeeded` manifest line / valid items of the job.
      - **items lost**: valid items without both (must be 0).
      - **billed ÷ unique characters**: characters the vendor billed for the job's texts ÷ characters of the
        unique texts whose audio is the vendor's (every succeeded item not served by another provider: served by
        the vendor, or by a cache or an earlier attempt's output). 1.000 = each paid exactly once; above 1 = paid
        twice or paid for audio that was not used. Asserted per text: each text the manifest says the vendor
        served was billed exactly once, and no text twice. The simulator bills nothing for a call it never
        answered; a real vendor might bill a timed-out call, which would show here as more than 1.
      - **error bodies stored as audio**: output files that do not start as audio does (ID3 / MPEG frame sync,
        `RIFF…WAVE`, `OggS`), plus a sample of files `ffprobe` cannot read (must be 0).
      - **time to recover**: measured, from the end of the fault to the moment named in the notes; "—" where
        there is nothing to recover from.

      Command (from a clean clone; it builds the jars the suite runs, then runs only this class):

      ```bash
      export JAVA_HOME=$(bin/find-jdk)   # a JDK 21+
      %s
      ```

      Machine: %s. Run: %s; the test JVM had run %s when this was written (the cluster's start and any other
      test class of the same run included).

      """;
}
