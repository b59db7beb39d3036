package io.dialect.tts.worker.pipeline;

/** Told about every finished item: manifest, audit, metrics, progress bar. Called concurrently. */
@FunctionalInterface
public interface ItemListener {
  void finished(ItemResult result);
}
