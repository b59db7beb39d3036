package io.dialect.tts.operator.quota;

import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.operator.status.Conditions;
import io.dialect.tts.usage.EffectiveQuota;
import io.dialect.tts.usage.QuotaLimits;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the limits in Redis match the TTSQuotas every period, whatever happened to either meanwhile: a
 * namespace's merged limits are written where they are missing (Redis lost them: a restart without
 * persistence, a flush) or differ, and the limits of a namespace without a TTSQuota any more (one deleted
 * while Redis was unreachable) are removed. Runs on the leader only, apart from the TTSQuota reconciler,
 * whose writes follow changes of the TTSQuotas.
 */
public final class QuotaLimitsSync {
  private static final Logger LOG = LoggerFactory.getLogger(QuotaLimitsSync.class);

  private final KubernetesClient client;
  private final QuotaLimitsStore limits;
  private final StatefulRedisConnection<String, String> redis;
  private final Set<String> namespaces;
  private final Duration period;
  private final ScheduledExecutorService background;
  private final AtomicBoolean started = new AtomicBoolean();
  private boolean failing;

  /**
   * @param namespaces the watched namespaces (empty: all); limits of other namespaces are left alone
   * @param background where the passes run, every {@code period}
   */
  public QuotaLimitsSync(KubernetesClient client, QuotaLimitsStore limits,
      StatefulRedisConnection<String, String> redis, Set<String> namespaces, ScheduledExecutorService background,
      Duration period) {
    this.client = client;
    this.limits = limits;
    this.redis = redis;
    this.namespaces = namespaces;
    this.background = background;
    this.period = period;
  }

  /** Starts syncing every period, once this replica leads. */
  public void start() {
    if (started.compareAndSet(false, true)) {
      background.scheduleWithFixedDelay(this::syncAndReport, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A pass now, besides the periodic ones, once this replica leads: Redis is connected again and may have
   * come back without its data, and the gateway refuses a namespace's billed calls until its limits are back.
   */
  public void syncNow() {
    if (started.get()) {
      try {
        background.execute(this::syncAndReport);
      } catch (RejectedExecutionException e) {
        // The operator is stopping.
      }
    }
  }

  /** One pass; an outage of Redis or the API server is logged when it starts and when it ends. */
  private void syncAndReport() {
    try {
      sync();
      if (failing) {
        LOG.info("the limits in Redis match the TTSQuotas again");
      }
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("cannot make the limits in Redis match the TTSQuotas ({}); trying again every {}s", e.getMessage(),
            period.toSeconds());
      }
      failing = true;
    }
  }

  private void sync() {
    Map<String, List<TTSQuota>> quotas = quotas().stream()
        .filter(q -> q.getMetadata().getDeletionTimestamp() == null)
        .collect(Collectors.groupingBy(q -> q.getMetadata().getNamespace()));
    quotas.forEach(this::publish);
    for (String namespace : namespacesWithLimits()) {
      if (!quotas.containsKey(namespace) && (namespaces.isEmpty() || namespaces.contains(namespace))) {
        limits.remove(namespace);
        LOG.info("removed the limits of namespace {} from Redis: it has no TTSQuota any more", namespace);
      }
    }
  }

  private void publish(String namespace, List<TTSQuota> quotas) {
    QuotaLimits wanted;
    try {
      wanted = EffectiveQuota.merge(quotas).orElseThrow().limits();
    } catch (IllegalArgumentException e) {
      return; // misconfigured: the limits published before stay, as the TTSQuota reconciler leaves them
    }
    Optional<QuotaLimits> found = limits.read(namespace);
    if (found.equals(Optional.of(wanted))) {
      return;
    }
    limits.write(namespace, wanted);
    if (found.isPresent()) {
      LOG.info("updated the limits of namespace {} in Redis to match its TTSQuotas", namespace);
    } else if (quotas.stream().anyMatch(QuotaLimitsSync::reconciled)) {
      LOG.warn("republished the limits of namespace {}: they were missing from Redis, which lost data (restarted "
          + "without persistence, or flushed)", namespace);
    }
  }

  /** The TTSQuota reconciler has had it: its limits were published before (a new quota's may not be yet). */
  private static boolean reconciled(TTSQuota quota) {
    return Conditions.find(quota.getStatus() == null ? null : quota.getStatus().getConditions(),
        ConditionTypes.LIMITS_PUBLISHED).isPresent();
  }

  private List<TTSQuota> quotas() {
    if (namespaces.isEmpty()) {
      return client.resources(TTSQuota.class).inAnyNamespace().list().getItems();
    }
    List<TTSQuota> all = new ArrayList<>();
    for (String namespace : namespaces) {
      all.addAll(client.resources(TTSQuota.class).inNamespace(namespace).list().getItems());
    }
    return all;
  }

  private List<String> namespacesWithLimits() {
    List<String> found = new ArrayList<>();
    ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches(RedisKeys.QUOTA_LIMITS_PATTERN).limit(500))
        .forEachRemaining(key -> RedisKeys.namespaceOfQuotaLimits(key).ifPresent(found::add));
    return found;
  }
}
