package io.dialect.tts.operator.events;

import io.dialect.tts.api.NameHash;
import io.dialect.tts.operator.status.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events with de-duplication: the Event's name is derived from the object's uid, the
 * reason and the message, so a repeat bumps {@code count} and {@code lastTimestamp} of the same
 * Event instead of flooding {@code kubectl describe}. Failing to record an Event never fails a
 * reconciliation.
 */
public final class EventRecorder {
  public static final String COMPONENT = "tts-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_PREFIX = 200;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(HasMetadata object, EventReason reason, String message) {
    String namespace = object.getMetadata().getNamespace();
    String name = eventName(object, reason, message);
    String now = Timestamps.format(clock.instant());
    try {
      var events = client.v1().events().inNamespace(namespace);
      Event existing = events.withName(name).get();
      if (existing != null) {
        events.withName(name).edit(e -> new EventBuilder(e)
            .withCount(e.getCount() == null ? 2 : e.getCount() + 1)
            .withLastTimestamp(now)
            .build());
        return;
      }
      events.resource(new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(object.getApiVersion()).withKind(object.getKind())
              .withName(object.getMetadata().getName()).withNamespace(namespace)
              .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
              .build())
          .withType(reason.type().name())
          .withReason(reason.name())
          .withMessage(message)
          .withCount(1)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, namespace, object.getMetadata().getName(),
          e.getMessage());
    }
  }

  static String eventName(HasMetadata object, EventReason reason, String message) {
    String prefix = object.getMetadata().getName();
    prefix = prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix;
    return prefix + "." + NameHash.of(object.getMetadata().getUid() + "/" + reason.name() + "/" + message, 16);
  }
}
