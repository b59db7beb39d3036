package io.dialect.tts.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
  KubernetesClient client;

  @Test
  void aRepeatedEventBumpsTheCountOfTheSameEvent() {
    var object = new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("ns").withUid("u1")
        .endMetadata().build();
    EventRecorder recorder = new EventRecorder(client, Clock.systemUTC());

    recorder.record(object, EventReason.InvalidSpec, "fix it");
    recorder.record(object, EventReason.InvalidSpec, "fix it");
    recorder.record(object, EventReason.Completed, "done");

    List<Event> events = client.v1().events().inNamespace("ns").list().getItems();
    assertThat(events).hasSize(2);
    assertThat(events).filteredOn(e -> e.getReason().equals("InvalidSpec")).singleElement().satisfies(e -> {
      assertThat(e.getCount()).isEqualTo(2);
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo("u1");
    });
    assertThat(events).filteredOn(e -> e.getReason().equals("Completed")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
  }
}
