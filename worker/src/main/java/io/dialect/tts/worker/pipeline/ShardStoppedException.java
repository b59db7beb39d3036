package io.dialect.tts.worker.pipeline;

/** The shard was asked to stop (the pod is going away) and did, after finishing the items in flight. */
public final class ShardStoppedException extends RuntimeException {
  public ShardStoppedException(long finishedItems) {
    super("stopped after " + finishedItems + " items; the items in flight were finished and recorded", null, false,
        false);
  }
}
