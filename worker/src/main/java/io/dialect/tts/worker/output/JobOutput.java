package io.dialect.tts.worker.output;

import io.dialect.tts.api.v1alpha1.PvcOutput;
import io.dialect.tts.api.v1alpha1.S3Output;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/** A job's output place: its audio files and, beside them, its manifest. */
public record JobOutput(AudioSink audio, ManifestStore manifests) {

  /** How often a shard's manifest part is re-uploaded to S3 unless configured otherwise. */
  public static final int DEFAULT_PUBLISH_EVERY = 1000;

  public JobOutput {
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(manifests, "manifests");
  }

  /** {@code s3://{bucket}/{namespace}/{prefix}...}; manifest writers buffer in {@code tempDir}. */
  public static JobOutput s3(S3Client s3, String bucket, String namespace, String prefix, Path tempDir,
      int publishEvery) {
    S3Place place = new S3Place(bucket, namespace, prefix);
    return new JobOutput(new S3AudioSink(s3, place), new S3ManifestStore(s3, place, tempDir, publishEvery));
  }

  /** {@code {base}/{prefix}...}: the local run's --out directory, or the output volume in a pod. */
  public static JobOutput directory(Path base, String prefix) {
    return directory(new DirectoryPlace(base, prefix));
  }

  private static JobOutput directory(DirectoryPlace place) {
    return new JobOutput(new DirectoryAudioSink(place), new DirectoryManifestStore(place));
  }

  /**
   * The output a job's spec names, as a pod sees it.
   *
   * @param volumeDir where the pvc output is mounted ({@code WorkerPodContract.OUTPUT_DIR})
   * @param tempDir   writable scratch space ({@code WorkerPodContract.TMP_DIR})
   * @throws IllegalArgumentException when the spec names no output or its prefix could escape its place
   */
  public static JobOutput forJob(TTSOutput output, String namespace, Supplier<S3Client> s3, Path volumeDir,
      Path tempDir, int publishEvery) {
    if (output != null && output.getS3() != null) {
      S3Output target = output.getS3();
      return s3(s3.get(), target.getBucket(), namespace, target.getPrefix(), tempDir, publishEvery);
    }
    if (output != null && output.getPvc() != null) {
      PvcOutput target = output.getPvc();
      // URIs name the claim, as the operator's status does: the mount path means nothing to its readers.
      return directory(new DirectoryPlace(volumeDir, target.getPath(), "pvc://" + target.getClaimName() + "/"));
    }
    throw new IllegalArgumentException("the job names no output (spec.output.s3 or spec.output.pvc)");
  }
}
