package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A standard Kubernetes condition with the fields, required set and bounds of metav1.Condition, as used by
 * {@code kubectl wait --for=condition=...}; the lists holding it are list maps keyed by type (CrdPostProcessor).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  public enum Status { True, False, Unknown }

  @Required
  @Size(max = 316)
  @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  @JsonPropertyDescription("Type of the condition, e.g. Admitted, Running, Degraded, Complete, Failed.")
  private String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  private Status status;

  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
  @JsonPropertyDescription("A CamelCase word saying why the condition is in its state, e.g. WaitingForQuota.")
  private String reason;

  @Required
  @Size(max = 32768)
  @JsonPropertyDescription("A human-readable explanation: what happened and, where something is wrong, what to do.")
  private String message;

  @Required
  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  private String lastTransitionTime;

  @Min(0)
  @JsonPropertyDescription("The metadata.generation the condition was computed for.")
  private Long observedGeneration;

  public Condition() {
  }

  public Condition(String type, Status status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }

  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public Status getStatus() { return status; }
  public void setStatus(Status status) { this.status = status; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getLastTransitionTime() { return lastTransitionTime; }
  public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }

  @JsonIgnore // a convenience, not a field of the API
  public boolean isTrue() {
    return status == Status.True;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c && Objects.equals(type, c.type) && status == c.status
        && Objects.equals(reason, c.reason) && Objects.equals(message, c.message)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime)
        && Objects.equals(observedGeneration, c.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
  }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + "): " + message;
  }
}
