package io.dialect.tts.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per TTSQuota, as its status last showed: {@code tts_quota_used_ratio{namespace,quota}} (daily billed
 * characters / the quota's daily character limit), {@code tts_quota_used_characters{namespace,quota,window}}
 * and {@code tts_quota_limit_characters{namespace,quota,window}} with window daily or monthly, and
 * {@code tts_quota_exhausted{namespace,quota}} (1 while a hard quota's limit is used up and its jobs are held).
 */
public final class QuotaGauges {
  private final MeterRegistry registry;
  private final Map<String, Values> quotas = new ConcurrentHashMap<>();

  /**
   * What the gauges of one quota read; NaN where the quota sets no limit.
   *
   * @param exhausted a limit (daily or monthly, characters or requests) of a hard quota is used up
   */
  public record Values(double ratio, long dailyUsed, long monthlyUsed, double dailyLimit, double monthlyLimit,
      boolean exhausted) {
  }

  public QuotaGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String namespace, String quota, Values values) {
    String key = namespace + "/" + quota;
    if (quotas.put(key, values) == null) {
      Tags tags = Tags.of("namespace", namespace, "quota", quota);
      gauge("tts.quota.used.ratio", "daily billed characters / daily character limit", tags, key, Values::ratio);
      gauge("tts.quota.used.characters", "billed characters in the window", tags.and("window", "daily"), key,
          v -> v.dailyUsed());
      gauge("tts.quota.used.characters", "billed characters in the window", tags.and("window", "monthly"), key,
          v -> v.monthlyUsed());
      gauge("tts.quota.limit.characters", "character limit of the window", tags.and("window", "daily"), key,
          Values::dailyLimit);
      gauge("tts.quota.limit.characters", "character limit of the window", tags.and("window", "monthly"), key,
          Values::monthlyLimit);
      gauge("tts.quota.exhausted", "1 while a limit of this hard quota is used up: billed calls refused, jobs held",
          tags, key, v -> v.exhausted() ? 1 : 0);
    }
  }

  public void forget(String namespace, String quota) {
    quotas.remove(namespace + "/" + quota);
    for (String name : List.of("tts.quota.used.ratio", "tts.quota.used.characters", "tts.quota.limit.characters",
        "tts.quota.exhausted")) {
      registry.find(name).tags("namespace", namespace, "quota", quota).meters().forEach(registry::remove);
    }
  }

  private void gauge(String name, String description, Tags tags, String key,
      java.util.function.ToDoubleFunction<Values> value) {
    Gauge.builder(name, quotas, all -> {
      Values v = all.get(key);
      return v == null ? Double.NaN : value.applyAsDouble(v);
    }).description(description).tags(tags).register(registry);
  }
}
