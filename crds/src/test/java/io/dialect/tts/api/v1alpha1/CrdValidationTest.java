package io.dialect.tts.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.BadObjects.BadObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs' schemas and CEL rules, evaluated as the API server evaluates them: every bad
 * manifest is refused with the message a user would see, the good ones and allowed updates pass.
 */
class CrdValidationTest {

  static Stream<BadObject> badObjects() {
    return BadObjects.all().stream();
  }

  static Stream<Map<String, Object>> goodObjects() {
    return BadObjects.good().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badObjects")
  void refusesBadObjectWithTheMessageUsersSee(BadObject bad) {
    StructuralSchemaValidator validator = Manifests.validatorFor(bad.kind());

    List<String> errors = bad.isUpdate()
        ? validator.validateUpdate(bad.old(), bad.object())
        : validator.validateCreate(bad.object());

    assertThat(errors).as("what the API server answers to '%s'", bad.name()).contains(bad.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badObjects")
  void startsEveryUpdateCaseFromAnAcceptedObject(BadObject bad) {
    if (bad.isUpdate()) {
      assertThat(Manifests.validatorFor(bad.kind()).validateCreate(bad.old()))
          .as("the object '%s' is updated from must itself be valid", bad.name()).isEmpty();
    }
  }

  @Test
  void hasAtLeastTwentyBadObjectsCoveringBothKinds() {
    assertThat(BadObjects.all()).hasSizeGreaterThanOrEqualTo(20)
        .extracting(BadObject::kind).contains("TTSJob", "TTSQuota");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodObjects")
  void acceptsGoodObjects(Map<String, Object> good) {
    assertThat(Manifests.validatorFor((String) good.get("kind")).validateCreate(good)).isEmpty();
  }

  @Test
  void acceptsAnUpdateOfTheFieldsThatStayMutableOnACreatedJob() {
    Map<String, Object> job = BadObjects.job();

    List<String> errors = Manifests.validatorFor("TTSJob")
        .validateUpdate(job, BadObjects.withMutableFieldsChanged(job));

    assertThat(errors).as("suspend, parallelism, activeDeadlineSeconds, priority, failurePolicy and "
        + "ttlSecondsAfterFinished stay mutable after creation").isEmpty();
  }

  @Test
  void appliesDefaultsBeforeTheTransitionRules() {
    // The stored object carries defaults the manifest omitted; re-applying the manifest must not
    // look like a change of source (configMapRef.format defaults to jsonl).
    Map<String, Object> job = BadObjects.sourceJob();
    Map<String, Object> stored = BadObjects.copy(job);
    Map<String, Object> configMapRef = StructuralSchemaValidator.map(
        StructuralSchemaValidator.map(BadObjects.spec(stored).get("source")).get("configMapRef"));
    configMapRef.put("format", "jsonl");

    assertThat(Manifests.validatorFor("TTSJob").validateUpdate(stored, job)).isEmpty();
  }

  @Test
  void skipsTheRulesWhenASchemaErrorBlocksThem() {
    Map<String, Object> job = BadObjects.job();
    BadObjects.spec(job).remove("dialect");
    BadObjects.spec(job).remove("items"); // would also break "exactly one of items or source"

    assertThat(Manifests.validatorFor("TTSJob").validateCreate(job)).containsExactly(
        "spec.dialect: Required value",
        "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; "
            + "correct the existing errors to complete validation");
  }
}
