package io.dialect.tts.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.ConditionTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventReasonTest {

  @Test
  void everyReasonAJobCanBeRefusedAdmissionForIsAWarningEventOfTheSameReason() throws IllegalAccessException {
    List<Field> refusals = Arrays.stream(ConditionTypes.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("REASON_")).toList();
    assertThat(refusals).as("the Admitted=False reasons of ConditionTypes").hasSizeGreaterThanOrEqualTo(5);

    for (Field refusal : refusals) {
      String conditionReason = (String) refusal.get(null);
      EventReason event = EventReason.ofCondition(conditionReason);

      assertThat(event.name()).isEqualTo(conditionReason);
      assertThat(event.type()).as("%s is something the user must act on", conditionReason)
          .isEqualTo(EventReason.EventType.Warning);
    }
  }
}
