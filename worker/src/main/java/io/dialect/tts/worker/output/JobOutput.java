package io.dialect.tts.worker.output;

import io.dialect.tts.api.v1alpha1.PvcOutput;
import io.dialect.tts.api.v1alpha1.S3Output;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import java.nio.file.Path;
import java.util.Objects;

/** A job's output place: its audio files and, beside them, its manifest. */
public record JobOutput(AudioSink audio, ManifestStore manifests) {

  /** How often a shard's manifest part is re-uploaded to S3 unless configured otherwise. */
  public static final int DEFAULT_PUBLISH_EVERY = 1000;

  public JobOutput {
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(manifests, "manifests");
  }

  /**
   * {@code s3://{bucket}/{namespace}/{prefix}...} through pre-signed URLs (a shard pod holds no S3
   * credentials); manifest writers buffer in {@code tempDir}.
   */
  public static JobOutput s3(ObjectUrls urls, String bucket, String namespace, String prefix, Path tempDir,
      int publishEvery) {
    S3Place place = new S3Place(bucket, namespace, prefix);
    UrlObjects http = new UrlObjects();
    return new JobOutput(new S3AudioSink(urls, place, http), new S3ManifestStore(urls, place, http, tempDir,
        publishEvery));
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
   * @param urls      pre-signed URLs of the job's S3 output objects (asked only for an S3 output)
   * @param volumeDir where the pvc output is mounted ({@code WorkerPodContract.OUTPUT_DIR})
   * @param tempDir   writable scratch space ({@code WorkerPodContract.TMP_DIR})
   * @throws IllegalArgumentException when the spec names no output or its prefix could escape its place
   */
  public static JobOutput forJob(TTSOutput output, String namespace, ObjectUrls urls, Path volumeDir,
      Path tempDir, int publishEvery) {
    if (output != null && output.getS3() != null) {
      S3Output target = output.getS3();
      return s3(urls, target.getBucket(), namespace, target.getPrefix(), tempDir, publishEvery);
    }
    if (output != null && output.getPvc() != null) {
      PvcOutput target = output.getPvc();
      // URIs name the claim, as the operator's status does: the mount path means nothing to its readers.
      return directory(new DirectoryPlace(volumeDir, target.getPath(), "pvc://" + target.getClaimName() + "/"));
    }
    throw new IllegalArgumentException("the job names no output (spec.output.s3 or spec.output.pvc)");
  }
}
