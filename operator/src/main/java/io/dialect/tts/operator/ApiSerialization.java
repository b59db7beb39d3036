package io.dialect.tts.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The client's JSON/YAML mapping of our API types. {@code TTSJobSpec.isSuspended()} and
 * {@code Condition.isTrue()} are derived accessors, but Jackson takes them for properties
 * ("suspended", "true"): written out, they then fail to read back. The mix-ins keep them out of what
 * the operator writes and ignore them in what it reads.
 */
public final class ApiSerialization {
  private ApiSerialization() {
  }

  @JsonIgnoreProperties("suspended")
  private abstract static class DerivedSpecAccessors {
  }

  @JsonIgnoreProperties("true")
  private abstract static class DerivedConditionAccessors {
  }

  public static KubernetesSerialization create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.addMixIn(TTSJobSpec.class, DerivedSpecAccessors.class);
    mapper.addMixIn(Condition.class, DerivedConditionAccessors.class);
    return new KubernetesSerialization(mapper, true);
  }
}
