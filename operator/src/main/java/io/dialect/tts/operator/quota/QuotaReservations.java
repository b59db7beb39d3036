package io.dialect.tts.operator.quota;

import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.status.Conditions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a namespace's admitted, unfinished jobs hold of its character limits, as Kueue reserves quota at
 * admission. A job with inline items holds the characters of its texts less those its status shows
 * processed; a job with {@code spec.source}, whose size nobody knows before it is read, holds a fixed
 * slice (at most the whole limit). A job holds from the moment it is admitted here, before its
 * Admitted condition is written, until its status shows it finished or it is deleted.
 */
final class QuotaReservations {
  /** A job's hold, named in the message of a job that waits for it. */
  record Hold(String job, long characters) {
  }

  private final long sourceSlice;
  /** By namespace: the uids of jobs admitted here whose Admitted=True status may not be written yet. */
  private final Map<String, Set<String>> admittedHere = new ConcurrentHashMap<>();

  /** @param sourceSlice what a job with spec.source reserves of each character limit */
  QuotaReservations(long sourceSlice) {
    this.sourceSlice = sourceSlice;
  }

  void admitted(TTSJob job) {
    admittedHere.computeIfAbsent(job.getMetadata().getNamespace(), n -> ConcurrentHashMap.newKeySet())
        .add(job.getMetadata().getUid());
  }

  /** Forgets the namespace's jobs admitted here that are not among {@code unfinished} (finished or deleted). */
  void retain(String namespace, List<TTSJob> unfinished) {
    Set<String> uids = admittedHere.get(namespace);
    if (uids != null) {
      uids.retainAll(unfinished.stream().map(j -> j.getMetadata().getUid()).toList());
    }
  }

  /** Admitted here or, by its status, by any operator: it holds a concurrency slot and its reservation. */
  boolean isAdmitted(TTSJob job) {
    return admittedHere.getOrDefault(job.getMetadata().getNamespace(), Set.of()).contains(job.getMetadata().getUid())
        || Conditions.isTrue(job.getStatus() == null ? null : job.getStatus().getConditions(), ConditionTypes.ADMITTED);
  }

  /** What the job reserves of a window whose character limit is {@code limit}. */
  long reservation(TTSJob job, long limit) {
    List<TTSItem> items = job.getSpec().getItems();
    if (items == null) {
      return Math.min(sourceSlice, limit);
    }
    long text = items.stream().map(TTSItem::getText).filter(Objects::nonNull)
        .mapToLong(t -> t.codePointCount(0, t.length())).sum();
    return Math.max(0, text - processed(job));
  }

  /** The reservations the admitted ones of {@code jobs} hold of a window of {@code limit} characters, by name. */
  List<Hold> holds(List<TTSJob> jobs, long limit) {
    return jobs.stream().filter(this::isAdmitted)
        .map(j -> new Hold(j.getMetadata().getName(), reservation(j, limit)))
        .filter(h -> h.characters() > 0)
        .sorted(Comparator.comparing(Hold::job))
        .toList();
  }

  /** Characters of the items the job's workers finished, as its status last showed them. */
  private static long processed(TTSJob job) {
    return job.getStatus() == null || job.getStatus().getCharacters() == null
        || job.getStatus().getCharacters().getTotal() == null ? 0 : job.getStatus().getCharacters().getTotal();
  }
}
