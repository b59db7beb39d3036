package io.dialect.tts.api;

import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a job's files land, defined once for the worker (which writes them) and the operator (which
 * reports the manifest URI). S3 keys always start with the namespace, so one team's prefix can never
 * reach another's objects; PVC paths are relative to the mounted volume.
 */
public final class OutputLayout {
  public static final String MANIFEST = "manifest.jsonl";
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  private final TTSOutput output;
  private final String base;

  private OutputLayout(TTSOutput output, String base) {
    this.output = output;
    this.base = base;
  }

  public static OutputLayout of(String namespace, TTSOutput output) {
    Objects.requireNonNull(output, "output");
    if (output.getS3() != null) {
      return new OutputLayout(output, namespace + "/" + normalizedPrefix(output.getS3().getPrefix()));
    }
    if (output.getPvc() != null) {
      return new OutputLayout(output, normalizedPrefix(output.getPvc().getPath()));
    }
    throw new IllegalArgumentException("output has neither s3 nor pvc");
  }

  /**
   * "welcome" and "welcome/" both become "welcome/"; empty stays empty. Every segment is letters,
   * digits, '.', '_' or '-' and none is empty, "." or "..": a prefix can never climb out of its
   * namespace's place, whatever reached the worker.
   */
  public static String normalizedPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("output prefix '" + prefix + "' must be relative, made of segments of "
            + "letters, digits, '.', '_' and '-', with no empty, '.' or '..' segment");
      }
    }
    return trimmed + "/";
  }

  /** The S3 key or the path relative to the volume of an item's audio. */
  public String audioPath(String itemId, AudioFormat format) {
    return base + itemId + "." + format.extension();
  }

  /** The S3 key or relative path of a shard's part of the manifest. */
  public String manifestPartPath(int shardIndex) {
    return base + String.format("manifest-%05d.jsonl", shardIndex);
  }

  /** The S3 key or relative path of the merged manifest. */
  public String manifestPath() {
    return base + MANIFEST;
  }

  /** s3://bucket/key or pvc://claim/path, for status and the manifest. */
  public String uri(String path) {
    return output.getS3() != null
        ? "s3://" + output.getS3().getBucket() + "/" + path
        : "pvc://" + output.getPvc().getClaimName() + "/" + path;
  }

  public String manifestUri() {
    return uri(manifestPath());
  }
}
