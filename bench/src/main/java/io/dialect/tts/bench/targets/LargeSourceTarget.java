package io.dialect.tts.bench.targets;

import io.dialect.tts.bench.LargeSource;
import io.dialect.tts.testing.S3ProxyServer;
import io.dialect.tts.worker.storage.S3ClientFactory;
import io.dialect.tts.worker.storage.S3Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * P4: a worker pod's shard of a 1,000,000-line S3 source (through the gateway's pre-signed URL, S3Proxy
 * as the S3 API): its heap stays within 512 MiB (the JVM is given exactly that; the peak comes from its
 * GC log) and its first audio file is written within 5 s of the process starting. The shard runs for
 * {@value #RUN_SECONDS} s, then gets SIGTERM as a pod would: a million items at the vendor's 500/s would
 * take half an hour, and the heap of a streamed source does not grow with the items done.
 */
final class LargeSourceTarget {
  static final int RUN_SECONDS = 30;
  private static final String BUCKET = "bench-sources";
  private static final Pattern HEAP_BEFORE_GC = Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private final Path dir;
  private final int lines;
  private final int runs;

  LargeSourceTarget(Path dir, int lines, int runs) {
    this.dir = dir;
    this.lines = lines;
    this.runs = runs;
  }

  List<Figure> measure() throws Exception {
    Files.createDirectories(dir);
    List<Double> firstAudio = new ArrayList<>();
    List<Double> heapPeaks = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    // The gateway takes S3 credentials from the SDK's default chain; system properties are its first link.
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    try (S3ProxyServer s3 = S3ProxyServer.start();
         S3Client client = S3ClientFactory.create(new S3Settings(s3.endpoint(), S3ProxyServer.REGION, true),
             StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY,
                 S3ProxyServer.SECRET_KEY)));
         DataPathRig rig = DataPathRig.start(dir, DataPathTargets.VENDOR,
             new DataPathRig.GatewayShape(500, 10, 0, 8), s3)) {
      s3.createBucket(BUCKET);
      for (int run = 1; run <= runs; run++) {
        String key = DataPathRig.NAMESPACE + "/large-" + run + ".jsonl";
        Path file = dir.resolve("large-" + run + ".jsonl");
        LargeSource.writeLines(file, lines, "run" + run);
        System.out.printf(Locale.ROOT, "  uploading %,d lines (%,d bytes) to s3://%s/%s%n", lines, Files.size(file),
            BUCKET, key);
        client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromFile(file));
        Files.delete(file);
        JobRun shard = rig.run(DataPathRig.job("large-" + run, "s3: {bucket: %s, key: %s, format: jsonl}"
                .formatted(BUCKET, key)), lines, 1, DataPathTargets.CONCURRENCY,
            List.of("-Xmx512m", "-Xlog:gc:file={pod}.gc.log"), Duration.ofSeconds(RUN_SECONDS));
        double peak = heapPeakMiB(shard.jobDir().resolve(shard.name() + "-workers-0.gc.log"));
        System.out.printf(Locale.ROOT, "  %s: first audio after %.2f s, %d audio files in %.0f s, heap peak %.0f MiB, "
            + "exit %s%n", shard.name(), shard.firstAudioSeconds(), shard.written(), shard.seconds(), peak,
            shard.exitCodes());
        if (shard.written() == 0) {
          throw new IllegalStateException("the large-source shard wrote no audio (log in " + shard.jobDir() + ")");
        }
        firstAudio.add(shard.firstAudioSeconds());
        heapPeaks.add(peak);
        rates.add(shard.written() / shard.seconds());
      }
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
    double[] first = Figure.of(firstAudio);
    double[] heap = Figure.of(heapPeaks);
    String size = String.format(Locale.ROOT, "%,d-line S3 source", lines);
    return List.of(
        new Figure("P4", "first audio written after the worker process started, " + size, "s", first, "", new double[0],
            "< 5 s", Figure.median(first) < 5, ""),
        new Figure("P4", "worker heap peak (GC log, -Xmx512m) over " + RUN_SECONDS + " s of the shard, " + size, "MiB",
            heap, "", new double[0], "≤ 512 MiB", Figure.median(heap) <= 512,
            String.format(Locale.ROOT, "%s items/s meanwhile", Figure.number(Figure.median(Figure.of(rates))))));
  }

  /** The most heap in use before any collection of the run, from {@code -Xlog:gc}. */
  static double heapPeakMiB(Path gcLog) throws IOException {
    double peak = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher pause = HEAP_BEFORE_GC.matcher(line);
      if (pause.find()) {
        peak = Math.max(peak, Double.parseDouble(pause.group(1)));
      }
    }
    return peak;
  }
}
