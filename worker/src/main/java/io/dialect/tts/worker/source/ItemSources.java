package io.dialect.tts.worker.source;

import io.dialect.tts.api.v1alpha1.ConfigMapSource;
import io.dialect.tts.api.v1alpha1.S3Source;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;

/** Picks a job's source from its spec; every source it returns is validated. */
public final class ItemSources {
  private ItemSources() {
  }

  /**
   * @param configMapDir where a configMapRef source's keys are files ({@code WorkerPodContract.SOURCE_DIR}
   *                     in a pod; the manifest's directory, say, for the local run)
   * @param s3           how an S3 source is read (with credentials for the local run, a pre-signed URL in a pod);
   *                     asked only when the source is in S3
   * @throws InvalidSourceException when the spec names neither items nor a source
   */
  public static ItemSource forJob(TTSJobSpec spec, Path configMapDir, Function<S3Source, ItemSource> s3) {
    return new ValidatedItemSource(raw(spec, configMapDir, s3));
  }

  /** The entries of one shard of a source, in order; close the stream when done. */
  public static Stream<SourceEntry> open(ItemSource source, Shard shard) {
    return source.open().filter(shard);
  }

  private static ItemSource raw(TTSJobSpec spec, Path configMapDir, Function<S3Source, ItemSource> s3) {
    if (spec.getItems() != null) {
      return new InlineItemSource(spec.getItems());
    }
    if (spec.getSource() != null && spec.getSource().getConfigMapRef() != null) {
      ConfigMapSource configMap = spec.getSource().getConfigMapRef();
      return new FileItemSource(configMapDir.resolve(configMap.getKey()), configMap.getFormat());
    }
    if (spec.getSource() != null && spec.getSource().getS3() != null) {
      return s3.apply(spec.getSource().getS3());
    }
    throw new InvalidSourceException("the job has neither spec.items nor spec.source");
  }
}
