package io.dialect.tts.operator.quota;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.Condition.Status;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.api.v1alpha1.TTSQuotaSpec;
import io.dialect.tts.api.v1alpha1.TTSQuotaStatus;
import io.dialect.tts.api.v1alpha1.UsageCounts;
import io.dialect.tts.operator.events.EventReason;
import io.dialect.tts.operator.events.EventRecorder;
import io.dialect.tts.operator.metrics.QuotaGauges;
import io.dialect.tts.operator.status.Conditions;
import io.dialect.tts.usage.EffectiveQuota;
import io.dialect.tts.usage.NamespaceUsage;
import io.dialect.tts.usage.QuotaLimitsStore;
import io.dialect.tts.usage.WindowUsage;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.lettuce.core.RedisException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each namespace's effective limits in Redis (the merge of its TTSQuotas, for the workers and
 * the TTSJob reconciler) and turns the usage counters into each TTSQuota's status: windows, usage,
 * remaining budget, percent of its daily character limit, active jobs, and the ThresholdReached and
 * Exceeded conditions. Each alert threshold gets one Warning Event per window; the thresholds already
 * announced are kept in status, so a restarted operator does not announce them again. Redis being
 * unreachable never fails a reconciliation (JOSDK would back off, then leave the quota for hours): the
 * LimitsPublished condition says so and the quota is looked at again after the usual period.
 */
public final class TTSQuotaReconciler implements Reconciler<TTSQuota>, Cleaner<TTSQuota> {
  /** Reason of LimitsPublished=False. */
  public static final String REASON_REDIS_UNREACHABLE = "RedisUnreachable";
  private static final Logger LOG = LoggerFactory.getLogger(TTSQuotaReconciler.class);

  private final QuotaLimitsStore limits;
  private final NamespaceBudget budget;
  private final EventRecorder events;
  private final QuotaGauges gauges;
  private final Conditions conditions;
  private final Duration period;
  private final ActiveJobs activeJobs;

  public TTSQuotaReconciler(QuotaLimitsStore limits, NamespaceBudget budget, EventRecorder events, QuotaGauges gauges,
      Clock clock, Duration period, ActiveJobs activeJobs) {
    this.limits = limits;
    this.activeJobs = activeJobs;
    this.budget = budget;
    this.events = events;
    this.gauges = gauges;
    this.conditions = new Conditions(clock);
    this.period = period;
  }

  @Override
  public UpdateControl<TTSQuota> reconcile(TTSQuota quota, Context<TTSQuota> context) {
    String namespace = quota.getMetadata().getNamespace();
    List<TTSQuota> all = context.getPrimaryCache()
        .list(q -> namespace.equals(q.getMetadata().getNamespace()) && q.getMetadata().getDeletionTimestamp() == null)
        .toList();
    EffectiveQuota merged;
    try {
      merged = EffectiveQuota.merge(all).orElseThrow();
    } catch (IllegalArgumentException e) {
      // The previous limits stay published: a typo in a zone should not lift a namespace's budget.
      events.record(quota, EventReason.Misconfigured, e.getMessage());
      return UpdateControl.<TTSQuota>noUpdate().rescheduleAfter(period);
    }
    NamespaceUsage used;
    try {
      limits.write(namespace, merged.limits());
      used = budget.usage(namespace, merged.limits());
    } catch (RedisException e) {
      return redisUnreachable(quota, e, context);
    }
    return written(quota, status(quota, used, activeJobs.in(namespace)));
  }

  @Override
  public DeleteControl cleanup(TTSQuota quota, Context<TTSQuota> context) {
    String namespace = quota.getMetadata().getNamespace();
    List<TTSQuota> rest = context.getPrimaryCache()
        .list(q -> namespace.equals(q.getMetadata().getNamespace())
            && !q.getMetadata().getUid().equals(quota.getMetadata().getUid())
            && q.getMetadata().getDeletionTimestamp() == null)
        .toList();
    try {
      EffectiveQuota.merge(rest).ifPresentOrElse(m -> limits.write(namespace, m.limits()),
          () -> limits.remove(namespace));
    } catch (IllegalArgumentException e) {
      events.record(quota, EventReason.Misconfigured, e.getMessage());
    } catch (RedisException e) {
      // Deleting never waits for Redis: QuotaLimitsSync makes Redis match the TTSQuotas once it answers.
      LOG.warn("TTSQuota {}/{} deleted while Redis is unreachable ({}); its namespace's limits are updated once Redis "
          + "answers", namespace, quota.getMetadata().getName(), e.getMessage());
    }
    gauges.forget(namespace, quota.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** The status as it was, but for a LimitsPublished=False condition saying why. */
  private UpdateControl<TTSQuota> redisUnreachable(TTSQuota quota, RedisException e, Context<TTSQuota> context) {
    TTSQuotaStatus next = context.getClient().getKubernetesSerialization().clone(current(quota));
    next.setConditions(conditions.set(next.getConditions(), ConditionTypes.LIMITS_PUBLISHED, Status.False,
        REASON_REDIS_UNREACHABLE, ("Redis is unreachable (%s): the limits are not published and the usage shown is "
            + "as last read; trying again every %ds").formatted(e.getMessage(), period.toSeconds()),
        quota.getMetadata().getGeneration()));
    return written(quota, next);
  }

  /** Patches the status when it changed; the quota is looked at again after the period either way. */
  private UpdateControl<TTSQuota> written(TTSQuota quota, TTSQuotaStatus next) {
    UpdateControl<TTSQuota> control = next.equals(current(quota)) ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(statusOnly(quota, next));
    return control.rescheduleAfter(period);
  }

  private static TTSQuotaStatus current(TTSQuota quota) {
    return quota.getStatus() == null ? new TTSQuotaStatus() : quota.getStatus();
  }

  private TTSQuotaStatus status(TTSQuota quota, NamespaceUsage used, int active) {
    TTSQuotaSpec spec = quota.getSpec() == null ? new TTSQuotaSpec() : quota.getSpec();
    TTSQuotaStatus previous = current(quota);
    Long generation = quota.getMetadata().getGeneration();
    String window = used.windows().dayName();
    Optional<Long> dailyCharacters = Optional.ofNullable(spec.getDaily()).map(d -> d.getCharacters());
    Optional<Long> dailyRequests = Optional.ofNullable(spec.getDaily()).map(d -> d.getRequests());
    Optional<Long> monthlyCharacters = Optional.ofNullable(spec.getMonthly()).map(m -> m.getCharacters());
    Optional<Long> monthlyRequests = Optional.ofNullable(spec.getMonthly()).map(m -> m.getRequests());
    double ratio = dailyCharacters.map(l -> l == 0 ? 1.0 : (double) used.day().characters() / l).orElse(0.0);

    TTSQuotaStatus next = new TTSQuotaStatus();
    next.setWindow(window);
    next.setMonthlyWindow(used.windows().monthName());
    next.setUsed(counts(used.day()));
    next.setMonthlyUsed(counts(used.month()));
    UsageCounts remaining = new UsageCounts();
    remaining.setCharacters(dailyCharacters.map(l -> Math.max(0, l - used.day().characters())).orElse(null));
    remaining.setRequests(dailyRequests.map(l -> Math.max(0, l - used.day().requests())).orElse(null));
    next.setRemaining(remaining.getCharacters() == null && remaining.getRequests() == null ? null : remaining);
    next.setPercent(dailyCharacters.map(l -> (int) Math.min(Integer.MAX_VALUE, (long) Math.floor(ratio * 100)))
        .orElse(null));
    next.setActiveJobs(active);
    next.setObservedGeneration(generation);

    // A new window forgets the thresholds announced in the last one.
    List<Double> notified = new ArrayList<>(window.equals(previous.getWindow()) && previous.getNotifiedThresholds() != null
        ? previous.getNotifiedThresholds() : List.of());
    List<Double> thresholds = spec.getAlertThresholds() == null ? List.of()
        : spec.getAlertThresholds().stream().sorted().toList();
    for (double threshold : thresholds) {
      if (dailyCharacters.isPresent() && ratio >= threshold && !notified.contains(threshold)) {
        events.record(quota, EventReason.ThresholdReached, "namespace %s used %d%% of the daily %s characters (%s) in window %s; threshold %d%%"
            .formatted(quota.getMetadata().getNamespace(), (int) Math.floor(ratio * 100),
                NamespaceBudget.count(dailyCharacters.get()), NamespaceBudget.count(used.day().characters()), window,
                Math.round(threshold * 100)));
        notified.add(threshold);
      }
    }
    next.setNotifiedThresholds(notified);

    List<Condition> list = new ArrayList<>(previous.getConditions() == null ? List.of() : previous.getConditions());
    Optional<Double> highest = notified.stream().max(Double::compare);
    list = conditions.set(list, ConditionTypes.THRESHOLD_REACHED, highest.isPresent() ? Status.True : Status.False,
        highest.isPresent() ? "ThresholdReached" : "BelowThresholds",
        highest.map(t -> "daily usage passed the %d%% alert threshold in window %s".formatted(Math.round(t * 100), window))
            .orElse("daily usage is below every alert threshold"), generation);
    Optional<String> exceeded = exceeded("daily character", dailyCharacters, used.day().characters())
        .or(() -> exceeded("daily request", dailyRequests, used.day().requests()))
        .or(() -> exceeded("monthly character", monthlyCharacters, used.month().characters()))
        .or(() -> exceeded("monthly request", monthlyRequests, used.month().requests()));
    list = conditions.set(list, ConditionTypes.EXCEEDED, exceeded.isPresent() ? Status.True : Status.False,
        exceeded.isPresent() ? "LimitReached" : "WithinLimits",
        exceeded.map(m -> m + (spec.effectiveEnforcement() == Enforcement.HARD
            ? "; billed calls are refused and running jobs suspended until the window resets"
            : "; soft enforcement: jobs go on")).orElse("usage is within every limit"), generation);
    list = conditions.set(list, ConditionTypes.LIMITS_PUBLISHED, Status.True, "Published",
        "the namespace's limits are in Redis for the gateway, and the usage was read from there", generation);
    next.setConditions(list);

    gauges.record(quota.getMetadata().getNamespace(), quota.getMetadata().getName(), new QuotaGauges.Values(
        dailyCharacters.isPresent() ? ratio : Double.NaN, used.day().characters(), used.month().characters(),
        dailyCharacters.map(Long::doubleValue).orElse(Double.NaN),
        monthlyCharacters.map(Long::doubleValue).orElse(Double.NaN),
        exceeded.isPresent() && spec.effectiveEnforcement() == Enforcement.HARD));
    return next;
  }

  private static Optional<String> exceeded(String limit, Optional<Long> value, long used) {
    return value.filter(l -> used >= l).map(l -> String.format(Locale.ROOT, "the %s limit %,d is used up (%,d used)",
        limit, l, used));
  }

  private static UsageCounts counts(WindowUsage usage) {
    UsageCounts counts = new UsageCounts();
    counts.setCharacters(usage.characters());
    counts.setRequests(usage.requests());
    counts.setCacheHits(usage.cacheHits());
    return counts;
  }

  /** Only identity and status, so the status write never carries a stale spec. */
  private static TTSQuota statusOnly(TTSQuota quota, TTSQuotaStatus status) {
    TTSQuota patch = new TTSQuota();
    patch.getMetadata().setName(quota.getMetadata().getName());
    patch.getMetadata().setNamespace(Objects.requireNonNull(quota.getMetadata().getNamespace()));
    patch.setStatus(status);
    return patch;
  }
}
