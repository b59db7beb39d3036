package io.dialect.tts.worker.output;

import java.util.Objects;

/** A job's output place in S3: keys are {@code {namespace}/{prefix}{name}}, the namespace always first. */
record S3Place(String bucket, String namespace, String prefix) {

  S3Place {
    Objects.requireNonNull(bucket, "bucket");
    namespace = OutputPrefix.namespace(namespace);
    prefix = OutputPrefix.normalize(prefix);
  }

  String key(String fileName) {
    return namespace + "/" + prefix + fileName;
  }

  String uri(String fileName) {
    return "s3://" + bucket + "/" + key(fileName);
  }
}
