package io.dialect.tts.operator.status;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place conditions are set: a condition keeps its lastTransitionTime unless its status
 * changes, and every condition carries the generation it was computed for.
 */
public final class Conditions {
  private final Clock clock;

  public Conditions(Clock clock) {
    this.clock = clock;
  }

  /** A copy of {@code current} with the condition of {@code type} replaced or added. */
  public List<Condition> set(List<Condition> current, String type, Condition.Status status, String reason,
      String message, Long generation) {
    Optional<Condition> previous = find(current, type);
    Condition next = new Condition(type, status, reason, message);
    next.setObservedGeneration(generation);
    next.setLastTransitionTime(previous.filter(p -> p.getStatus() == status)
        .map(Condition::getLastTransitionTime)
        .filter(Objects::nonNull)
        .orElseGet(() -> Timestamps.format(clock.instant())));
    List<Condition> result = new ArrayList<>();
    for (Condition c : current) {
      if (!c.getType().equals(type)) {
        result.add(c);
      }
    }
    result.add(next);
    result.sort((a, b) -> Integer.compare(order(a.getType()), order(b.getType())));
    return result;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::isTrue).orElse(false);
  }

  /** A stable order, so a status rebuilt from the same facts compares equal. */
  private static int order(String type) {
    int index = ORDER.indexOf(type);
    return index < 0 ? ORDER.size() : index;
  }

  private static final List<String> ORDER = List.of(
      ConditionTypes.ADMITTED,
      ConditionTypes.RUNNING,
      ConditionTypes.DEGRADED,
      ConditionTypes.COMPLETE,
      ConditionTypes.FAILED,
      ConditionTypes.THRESHOLD_REACHED,
      ConditionTypes.EXCEEDED,
      ConditionTypes.LIMITS_PUBLISHED);
}
