package io.dialect.tts.worker.pipeline;

import java.time.Duration;
import java.util.Map;

/** What a shard did, for the closing summary and the exit decision. */
public record ShardSummary(long items, long succeeded, long failed, long cached, long billedCharacters,
    Map<String, Long> providers, Duration wallTime) {
}
