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
import io.dialect.tts.usage.QuotaLimits;
import io.dialect.tts.usage.WindowUsage;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Admission against the namespace's TTSQuotas (merged: the strictest applies), checked in this order:
 * the quotas are usable (else Misconfigured), dialects and voices of the job and of every inline item
 * are allowed (DialectNotAllowed), a concurrency slot is free for this job in priority-then-creation
 * order (WaitingForQuota), and under hard enforcement the job's reservation fits what is left of each
 * daily and monthly character limit once the other admitted, unfinished jobs' reservations are counted
 * ({@link QuotaReservations}; WaitingForQuota when it would after they finish or the window resets,
 * ExceedsMaxQuota when it never can). The budget goes in the same queue order, best effort as in Kueue:
 * a waiting job ahead of this one that fits what is left goes first, one that does not fit lets later
 * jobs pass. Decisions are made one at a time per namespace, so two jobs admitted at once never both
 * count on the same budget, and which of two jobs applied together runs first does not depend on which
 * the operator happens to look at first.
 */
public final class QuotaAdmission implements AdmissionPolicy {
  private final NamespaceBudget budget;
  private final QuotaReservations reservations;
  private final Map<String, Lock> namespaceLocks = new ConcurrentHashMap<>();

  /** @param sourceReservation what a job with spec.source reserves of each character limit (at most all of it) */
  public QuotaAdmission(NamespaceBudget budget, long sourceReservation) {
    this.budget = budget;
    this.reservations = new QuotaReservations(sourceReservation);
  }

  @Override
  public AdmissionDecision admit(TTSJob job, List<TTSJob> namespaceJobs, List<TTSQuota> quotas) {
    Lock lock = namespaceLocks.computeIfAbsent(job.getMetadata().getNamespace(), n -> new ReentrantLock());
    lock.lock();
    try {
      return decide(job, namespaceJobs, quotas);
    } finally {
      lock.unlock();
    }
  }

  private AdmissionDecision decide(TTSJob job, List<TTSJob> namespaceJobs, List<TTSQuota> quotas) {
    String namespace = job.getMetadata().getNamespace();
    Optional<EffectiveQuota> merged;
    try {
      merged = EffectiveQuota.merge(quotas);
    } catch (IllegalArgumentException e) {
      return AdmissionDecision.reject(ConditionTypes.REASON_MISCONFIGURED, e.getMessage());
    }
    if (merged.isEmpty()) {
      return AdmissionDecision.admit(Integer.MAX_VALUE);
    }
    EffectiveQuota quota = merged.get();
    List<TTSJob> others = namespaceJobs.stream()
        .filter(j -> !j.getMetadata().getUid().equals(job.getMetadata().getUid()))
        .filter(j -> !StatusCalculator.isFinished(j) && j.getMetadata().getDeletionTimestamp() == null)
        .toList();
    reservations.retain(namespace, others);
    Optional<AdmissionDecision> refusal = disallowed(job.getSpec(), quota)
        .or(() -> noSlot(job, quota, others))
        .or(() -> overBudget(job, quota, others));
    if (refusal.isPresent()) {
      return refusal.get();
    }
    reservations.admitted(job);
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
  private Optional<AdmissionDecision> noSlot(TTSJob job, EffectiveQuota quota, List<TTSJob> others) {
    if (quota.maxConcurrentJobs().isEmpty()) {
      return Optional.empty();
    }
    int max = quota.maxConcurrentJobs().getAsInt();
    long active = others.stream().filter(reservations::isAdmitted).count();
    long ahead = others.stream()
        .filter(j -> !reservations.isAdmitted(j) && waiting(j) && QUEUE.compare(j, job) < 0).count();
    if (active + ahead < max) {
      return Optional.empty();
    }
    return Optional.of(AdmissionDecision.reject(ConditionTypes.REASON_WAITING_FOR_QUOTA,
        "maxConcurrentJobs %d reached: %d job(s) running, %d queued ahead of this one (by priority, then creation time)"
            .formatted(max, active, ahead)));
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

  /** A character limit of one window and what is used of it. */
  private record Window(String name, long max, WindowUsage used, ZonedDateTime reset) {
  }

  /**
   * Under hard enforcement: the job's reservation against what the others leave of each limit, monthly
   * first: the admitted ones' reservations, then those of the waiting jobs ahead of it that fit.
   */
  private Optional<AdmissionDecision> overBudget(TTSJob job, EffectiveQuota quota, List<TTSJob> others) {
    QuotaLimits limits = quota.limits();
    if (limits.enforcement() != Enforcement.HARD) {
      return Optional.empty();
    }
    NamespaceUsage used = budget.usage(job.getMetadata().getNamespace(), limits);
    List<Window> windows = Stream.of(
            window("monthly", limits.monthly().characters(), used.month(), used.windows().monthEnd()),
            window("daily", limits.daily().characters(), used.day(), used.windows().dayEnd()))
        .flatMap(Optional::stream).toList();
    Map<Window, Long> needs = needs(job, windows);
    for (Window window : windows) {
      if (needs.get(window) > window.max()) {
        return Optional.of(AdmissionDecision.reject(ConditionTypes.REASON_EXCEEDS_MAX_QUOTA,
            "%s, more than the whole %s limit of %s: split the job or raise the TTSQuota"
                .formatted(needsText(job, needs.get(window)), window.name(), NamespaceBudget.count(window.max()))));
      }
    }
    Map<Window, List<QuotaReservations.Hold>> held = windows.stream()
        .collect(Collectors.toMap(w -> w, w -> reservations.holds(others, w.max())));
    Map<Window, Long> left = windows.stream().collect(Collectors.toMap(w -> w, w -> Math.max(0,
        w.max() - w.used().characters() - total(held.get(w)))));
    Map<Window, List<QuotaReservations.Hold>> ahead = goFirst(job, others, windows, left);
    for (Window window : windows) {
      if (needs.get(window) > left.get(window)) {
        return Optional.of(AdmissionDecision.reject(ConditionTypes.REASON_WAITING_FOR_QUOTA,
            "%s, %s remain of the %s %s%s (resets %s)".formatted(needsText(job, needs.get(window)),
                NamespaceBudget.count(left.get(window)), window.name(), NamespaceBudget.count(window.max()),
                heldBy(held.get(window), ahead.get(window)), NamespaceBudget.resetText(window.reset()))));
      }
    }
    return Optional.empty();
  }

  private static Optional<Window> window(String name, OptionalLong limit, WindowUsage used, ZonedDateTime reset) {
    return limit.isPresent() ? Optional.of(new Window(name, limit.getAsLong(), used, reset)) : Optional.empty();
  }

  /**
   * The waiting jobs queued ahead of this one that fit, in queue order, each taking its reservation from
   * {@code left} in every window; the holds they take, by window.
   */
  private Map<Window, List<QuotaReservations.Hold>> goFirst(TTSJob job, List<TTSJob> others, List<Window> windows,
      Map<Window, Long> left) {
    Map<Window, List<QuotaReservations.Hold>> taken = new HashMap<>();
    windows.forEach(w -> taken.put(w, new ArrayList<>()));
    List<TTSJob> ahead = others.stream()
        .filter(j -> !reservations.isAdmitted(j) && waiting(j) && QUEUE.compare(j, job) < 0)
        .sorted(QUEUE).toList();
    for (TTSJob first : ahead) {
      Map<Window, Long> needs = needs(first, windows);
      if (windows.stream().allMatch(w -> needs.get(w) <= left.get(w))) {
        for (Window w : windows) {
          left.merge(w, -needs.get(w), Long::sum);
          if (needs.get(w) > 0) {
            taken.get(w).add(new QuotaReservations.Hold(first.getMetadata().getName(), needs.get(w)));
          }
        }
      }
    }
    return taken;
  }

  /** What the job reserves of each window, its texts counted once per decision. */
  private Map<Window, Long> needs(TTSJob job, List<Window> windows) {
    return windows.stream().collect(Collectors.toMap(w -> w, w -> reservations.reservation(job, w.max())));
  }

  private static String needsText(TTSJob job, long characters) {
    return "needs " + NamespaceBudget.count(characters) + " characters"
        + (job.getSpec().getItems() == null ? " (the reservation of a job with spec.source)" : "");
  }

  private static long total(List<QuotaReservations.Hold> holds) {
    return holds.stream().mapToLong(QuotaReservations.Hold::characters).sum();
  }

  /** " after 90 held by admitted jobs [first (90)] and 30 by jobs queued ahead [next (30)]", or "". */
  private static String heldBy(List<QuotaReservations.Hold> admitted, List<QuotaReservations.Hold> ahead) {
    List<String> parts = new ArrayList<>();
    if (!admitted.isEmpty()) {
      parts.add("%s held by admitted jobs %s".formatted(NamespaceBudget.count(total(admitted)), names(admitted)));
    }
    if (!ahead.isEmpty()) {
      parts.add("%s %s jobs queued ahead %s".formatted(NamespaceBudget.count(total(ahead)),
          admitted.isEmpty() ? "held by" : "by", names(ahead)));
    }
    return parts.isEmpty() ? "" : " after " + String.join(" and ", parts);
  }

  private static String names(List<QuotaReservations.Hold> holds) {
    return holds.stream().map(h -> h.job() + " (" + NamespaceBudget.count(h.characters()) + ")")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
