package io.dialect.tts.operator.quota;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.Enforcement;
import io.dialect.tts.api.v1alpha1.Priority;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.operator.admission.AdmissionDecision;
import io.dialect.tts.operator.admission.AdmissionPolicy;
import io.dialect.tts.operator.status.Conditions;
import io.dialect.tts.operator.status.StatusCalculator;
import io.dialect.tts.usage.EffectiveQuota;
import io.dialect.tts.usage.NamespaceUsage;
import io.dialect.tts.usage.WindowUsage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Admission against the namespace's TTSQuotas (merged: the strictest applies), checked in this order:
 * the quotas are usable (else Misconfigured), dialects and voices of the job and of every inline item
 * are allowed (DialectNotAllowed), a concurrency slot is free for this job in priority-then-creation
 * order (WaitingForQuota), and under hard enforcement the job's estimated characters fit the remaining
 * daily and monthly budget (WaitingForQuota when they would after a reset, ExceedsMaxQuota when they
 * never can). Only inline items can be estimated; a job with a source is admitted on budget and its
 * workers stop at the limit.
 */
public final class QuotaAdmission implements AdmissionPolicy {
  private final KubernetesClient client;
  private final NamespaceBudget budget;
  /** Jobs admitted here whose Admitted=True status may not be written yet: they hold their slot. */
  private final Set<String> admittedHere = ConcurrentHashMap.newKeySet();

  public QuotaAdmission(KubernetesClient client, NamespaceBudget budget) {
    this.client = client;
    this.budget = budget;
  }

  @Override
  public AdmissionDecision admit(TTSJob job) {
    String namespace = job.getMetadata().getNamespace();
    Optional<EffectiveQuota> merged;
    try {
      merged = EffectiveQuota.merge(client.resources(TTSQuota.class).inNamespace(namespace).list().getItems());
    } catch (IllegalArgumentException e) {
      return AdmissionDecision.reject(ConditionTypes.REASON_MISCONFIGURED, e.getMessage());
    }
    if (merged.isEmpty()) {
      return AdmissionDecision.admit(Integer.MAX_VALUE);
    }
    EffectiveQuota quota = merged.get();
    Optional<AdmissionDecision> refusal = disallowed(job.getSpec(), quota)
        .or(() -> noSlot(job, quota))
        .or(() -> overBudget(job, quota));
    if (refusal.isPresent()) {
      return refusal.get();
    }
    synchronized (this) {
      admittedHere.add(job.getMetadata().getUid());
    }
    return AdmissionDecision.admit(quota.maxParallelismPerJob().orElse(Integer.MAX_VALUE));
  }

  private static Optional<AdmissionDecision> disallowed(TTSJobSpec spec, EffectiveQuota quota) {
    List<TTSItem> items = spec.getItems() == null ? List.of() : spec.getItems();
    Set<String> dialects = new TreeSet<>();
    Set<String> voices = new TreeSet<>();
    Stream.concat(Stream.of(spec.getDialect()), items.stream().map(TTSItem::getDialect))
        .filter(d -> d != null && !quota.dialectAllowed(d)).forEach(dialects::add);
    Stream.concat(Stream.of(spec.getVoice()), items.stream().map(TTSItem::getVoice))
        .filter(v -> v != null && !quota.voiceAllowed(v)).forEach(voices::add);
    if (dialects.isEmpty() && voices.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder("the namespace's TTSQuota does not allow");
    if (!dialects.isEmpty()) {
      message.append(" dialect(s) ").append(dialects).append(" (allowed: ")
          .append(new TreeSet<>(quota.allowedDialects().orElseThrow())).append(')');
    }
    if (!voices.isEmpty()) {
      message.append(dialects.isEmpty() ? "" : " and").append(" voice(s) ").append(voices).append(" (allowed: ")
          .append(new TreeSet<>(quota.allowedVoices().orElseThrow())).append(')');
    }
    return Optional.of(AdmissionDecision.reject(ConditionTypes.REASON_DIALECT_NOT_ALLOWED, message.toString()));
  }

  /** maxConcurrentJobs: the free slots go to the waiting jobs first in priority, then creation time. */
  private synchronized Optional<AdmissionDecision> noSlot(TTSJob job, EffectiveQuota quota) {
    if (quota.maxConcurrentJobs().isEmpty()) {
      return Optional.empty();
    }
    int max = quota.maxConcurrentJobs().getAsInt();
    List<TTSJob> others = client.resources(TTSJob.class).inNamespace(job.getMetadata().getNamespace()).list()
        .getItems().stream()
        .filter(j -> !j.getMetadata().getUid().equals(job.getMetadata().getUid()))
        .filter(j -> !StatusCalculator.isFinished(j) && j.getMetadata().getDeletionTimestamp() == null)
        .toList();
    admittedHere.retainAll(others.stream().map(j -> j.getMetadata().getUid()).toList());
    long active = others.stream().filter(this::holdsSlot).count();
    long ahead = others.stream().filter(j -> !holdsSlot(j) && waiting(j) && QUEUE.compare(j, job) < 0).count();
    if (active + ahead < max) {
      return Optional.empty();
    }
    return Optional.of(AdmissionDecision.reject(ConditionTypes.REASON_WAITING_FOR_QUOTA,
        "maxConcurrentJobs %d reached: %d job(s) running, %d queued ahead of this one (by priority, then creation time)"
            .formatted(max, active, ahead)));
  }

  private boolean holdsSlot(TTSJob job) {
    return admittedHere.contains(job.getMetadata().getUid())
        || Conditions.isTrue(job.getStatus() == null ? null : job.getStatus().getConditions(), ConditionTypes.ADMITTED);
  }

  /** Not yet looked at, or waiting for quota: a job refused for any other reason does not block the queue. */
  private static boolean waiting(TTSJob job) {
    Optional<Condition> admitted = Conditions.find(job.getStatus() == null ? null : job.getStatus().getConditions(),
        ConditionTypes.ADMITTED);
    return admitted.isEmpty() || ConditionTypes.REASON_WAITING_FOR_QUOTA.equals(admitted.get().getReason());
  }

  private static final Comparator<TTSJob> QUEUE = Comparator
      .comparing((TTSJob j) -> rank(j.getSpec().effectivePriority()))
      .thenComparing(j -> j.getMetadata().getCreationTimestamp() == null ? "" : j.getMetadata().getCreationTimestamp())
      .thenComparing(j -> j.getMetadata().getName());

  private static int rank(Priority priority) {
    return switch (priority) {
      case HIGH -> 0;
      case NORMAL -> 1;
      case LOW -> 2;
    };
  }

  /** Under hard enforcement: the inline items' characters against what is left of each limit. */
  private Optional<AdmissionDecision> overBudget(TTSJob job, EffectiveQuota quota) {
    if (quota.limits().enforcement() != Enforcement.HARD || job.getSpec().getItems() == null) {
      return Optional.empty();
    }
    long needs = job.getSpec().getItems().stream().map(TTSItem::getText).filter(t -> t != null)
        .mapToLong(t -> t.codePointCount(0, t.length())).sum();
    NamespaceUsage used = budget.usage(job.getMetadata().getNamespace(), quota.limits());
    return check(needs, "monthly", quota.limits().monthly().characters(), used.month(), used.windows().monthEnd())
        .or(() -> check(needs, "daily", quota.limits().daily().characters(), used.day(), used.windows().dayEnd()));
  }

  private static Optional<AdmissionDecision> check(long needs, String window, OptionalLong limit, WindowUsage used,
      ZonedDateTime reset) {
    if (limit.isEmpty()) {
      return Optional.empty();
    }
    long max = limit.getAsLong();
    if (needs > max) {
      return Optional.of(AdmissionDecision.reject(ConditionTypes.REASON_EXCEEDS_MAX_QUOTA,
          "needs %s characters, more than the whole %s limit of %s: split the job or raise the TTSQuota"
              .formatted(NamespaceBudget.count(needs), window, NamespaceBudget.count(max))));
    }
    long remaining = Math.max(0, max - used.characters());
    if (needs > remaining) {
      return Optional.of(AdmissionDecision.reject(ConditionTypes.REASON_WAITING_FOR_QUOTA,
          "needs %s characters, %s remain of the %s %s (resets %s)".formatted(NamespaceBudget.count(needs),
              NamespaceBudget.count(remaining), window, NamespaceBudget.count(max), NamespaceBudget.resetText(reset))));
    }
    return Optional.empty();
  }
}
