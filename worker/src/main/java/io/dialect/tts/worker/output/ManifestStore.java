package io.dialect.tts.worker.output;

import java.io.IOException;
import java.util.List;

/**
 * Where a job's manifest files live: next to its audio. A pod's shard writes its own part
 * ({@link #partName}); once all shards are done, {@link #merge} joins the parts into
 * {@value #MANIFEST} in shard order. The local run writes {@value #MANIFEST} directly.
 */
public interface ManifestStore {
  String MANIFEST = "manifest.jsonl";

  /** manifest-00003.jsonl for shard 3. */
  static String partName(int shardIndex) {
    return String.format("manifest-%05d.jsonl", shardIndex);
  }

  /** A writer for the named manifest file, replacing one of that name from an earlier run. */
  ManifestWriter open(String fileName) throws IOException;

  /**
   * What an earlier run recorded in the named manifest file ({@link EarlierResults#NONE} when there is
   * none); read before {@link #open} replaces it.
   */
  EarlierResults earlier(String fileName) throws IOException;

  /**
   * Streams the parts, in the order given, into {@code fileName} and returns its URI; the parts
   * stay. A missing part is an error: a merged manifest missing a shard would look complete.
   */
  String merge(List<String> partNames, String fileName) throws IOException;

  String uriOf(String fileName);
}
