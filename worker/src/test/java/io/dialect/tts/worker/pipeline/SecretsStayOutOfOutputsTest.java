package io.dialect.tts.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.worker.config.WorkerConfig;
import io.dialect.tts.worker.output.EarlierResults;
import io.dialect.tts.worker.output.JobOutput;
import io.dialect.tts.worker.output.ManifestStore;
import io.dialect.tts.worker.output.ManifestWriter;
import io.dialect.tts.worker.progress.LocalProgressCounters;
import io.dialect.tts.worker.source.ItemSources;
import io.dialect.tts.worker.source.Shard;
import io.dialect.tts.worker.testing.FakeUpstream;
import io.dialect.tts.worker.testing.TestJobs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys come from Secret files and go only into request headers: not into logs (even when the
 * vendor's error page echoes them), the manifest, the audit log or the metrics.
 */
class SecretsStayOutOfOutputsTest {
  private static final String PRIMARY = "sk-LEAK-CHECK-primary-7f3a9c";
  private static final String BACKUP = "sk-LEAK-CHECK-backup-19be4d";

  @TempDir
  Path dir;

  @Test
  void keysAppearInNoLogManifestAuditLineOrMetric() throws Exception {
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    ByteArrayOutputStream audit = new ByteArrayOutputStream();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TTSJob job = TestJobs.dongbei(List.of(new TTSItem("a", "老铁们好"), new TTSItem("b", "欢迎光临"), new TTSItem("c", "再见")));

    try (FakeUpstream vendor = new FakeUpstream(0).refuseNext(2, 401)) {
      WorkerConfig config = WorkerConfig.parse("""
          providers:
            - name: xiangyinge
              type: xiangyinge
              baseUrl: %s
              keys: {primary: {file: %s}, backup: {file: %s}}
          providerOrder: [xiangyinge]
          """.formatted(vendor.baseUrl(), Files.writeString(dir.resolve("primary"), PRIMARY),
          Files.writeString(dir.resolve("backup"), BACKUP)));
      PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
      System.setErr(capture);
      System.setOut(capture);
      ShardSummary summary;
      try (WorkerAssembly worker = WorkerAssembly.create(config, new WorkerAssembly.Environment(null, null, null, null),
               meters, new PrintStream(audit, true, StandardCharsets.UTF_8))) {
        JobOutput output = JobOutput.directory(dir.resolve("out"), "");
        LocalProgressCounters progress = new LocalProgressCounters();
        try (ManifestWriter manifest = output.manifests().open(ManifestStore.MANIFEST)) {
          summary = worker.localRunnerFor(job, output.audio(), EarlierResults.NONE, progress, progress,
                  List.of(result -> manifest.append(result.entry())))
              .run(ItemSources.open(ItemSources.forJob(job.getSpec(), dir, object -> null), Shard.WHOLE));
        }
      } finally {
        System.setErr(originalErr);
        System.setOut(originalOut);
      }

      assertThat(summary.succeeded()).as("the backup key served after the primary was refused").isEqualTo(3);
      assertThat(vendor.calls()).isGreaterThan(3);
    }
    String everything = String.join("\n", logs.toString(StandardCharsets.UTF_8), audit.toString(StandardCharsets.UTF_8),
        Files.readString(dir.resolve("out/manifest.jsonl")), meters.scrape());
    assertThat(everything).as("logs, audit, manifest and metrics").isNotBlank()
        .doesNotContain(PRIMARY).doesNotContain(BACKUP).doesNotContain("sk-LEAK");
    assertThat(meters.scrape()).as("breaker names carry the key's role, not its value")
        .contains("xiangyinge/primary");
  }
}
