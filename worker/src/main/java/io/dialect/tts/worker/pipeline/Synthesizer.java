package io.dialect.tts.worker.pipeline;

import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.source.SourceItem;

/**
 * Where a shard's items are synthesized: the engine in this process (the local run) or the platform's
 * gateway (a shard pod, which holds no provider key, cache or ledger). Thread-safe; item-level
 * endings are outcomes, an unreachable synthesizer is an exception (the shard stops and is retried).
 */
@FunctionalInterface
public interface Synthesizer {
  SynthesisOutcome synthesize(SourceItem item);
}
