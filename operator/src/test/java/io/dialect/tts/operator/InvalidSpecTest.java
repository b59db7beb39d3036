package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.ConfigMapSource;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.S3Source;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSSource;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A job the operator cannot run gets Admitted=False with a message that says what to fix, a Warning Event, and no worker. */
class InvalidSpecTest {
  private static OperatorTestbed bed;

  @BeforeAll
  static void start() {
    bed = new OperatorTestbed();
    bed.startOperator(bed.config(1));
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private void assertRejected(String name, Consumer<TTSJob> edit, String reason, String expectedMessage) {
    TTSJob job = TTSJobLifecycleTest.job(name, 2);
    edit.accept(job);
    bed.create(job);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      TTSJob seen = bed.get(name);
      assertThat(seen.getStatus()).as("status of " + name).isNotNull();
      assertThat(seen.getStatus().getPhase()).isEqualTo(JobPhase.Pending);
      Condition admitted = seen.getStatus().getConditions().stream()
          .filter(c -> c.getType().equals(ConditionTypes.ADMITTED)).findFirst().orElseThrow();
      assertThat(admitted.getStatus()).isEqualTo(Condition.Status.False);
      assertThat(admitted.getReason()).isEqualTo(reason);
      assertThat(admitted.getMessage()).contains(expectedMessage);
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bed.events(name)).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains(expectedMessage);
    }));
    assertThat(bed.workerJob(name)).as("no worker Job for a rejected job").isNull();
  }

  @Test
  void anUnknownDialectIsRejectedWithTheKnownDialects() {
    assertRejected("unknown-dialect", j -> { j.getSpec().setDialect("klingon"); j.getSpec().setVoice(null); },
        ConditionTypes.REASON_INVALID_SPEC, "dialect \"klingon\" is not in the voice catalog; known dialects are [");
  }

  @Test
  void aVoiceOfAnotherDialectIsRejectedWithTheDialectsVoices() {
    assertRejected("wrong-voice", j -> j.getSpec().setVoice("sichuan_mei"),
        ConditionTypes.REASON_INVALID_SPEC,
        "voice \"sichuan_mei\" is not a voice of dialect dongbei; its voices are [dongbei_dajie, dongbei_laotie]");
  }

  @Test
  void aBucketOutsideTheAllowedOnesIsRejected() {
    assertRejected("other-bucket", j -> j.getSpec().getOutput().getS3().setBucket("someone-elses"),
        ConditionTypes.REASON_INVALID_SPEC,
        "spec.output.s3.bucket \"someone-elses\" is not an allowed output bucket; use one of [tts-out]");
  }

  @Test
  void aMissingSourceConfigMapIsRejected() {
    assertRejected("missing-source", j -> {
      j.getSpec().setItems(null);
      TTSSource source = new TTSSource();
      ConfigMapSource ref = new ConfigMapSource();
      ref.setName("prompts");
      ref.setKey("lines.jsonl");
      source.setConfigMapRef(ref);
      j.getSpec().setSource(source);
    }, ConditionTypes.REASON_INVALID_SPEC,
        "spec.source.configMapRef: ConfigMap \"prompts\" does not exist in namespace " + bed.namespace);
  }

  @Test
  void anUnknownProviderIsRejectedWithTheConfiguredOnes() {
    assertRejected("unknown-provider", j -> j.getSpec().setProviders(java.util.List.of("acme")),
        ConditionTypes.REASON_INVALID_SPEC,
        "spec.providers: unknown provider(s) [acme]; configured providers are [xiangyinge, azure, espeak]");
  }

  @Test
  void aSourceObjectOutsideTheNamespacesPrefixIsRejected() {
    assertRejected("foreign-source", j -> {
      j.getSpec().setItems(null);
      TTSSource source = new TTSSource();
      S3Source object = new S3Source();
      object.setBucket("tts-in");
      object.setKey("team-z/prompts.jsonl");
      source.setS3(object);
      j.getSpec().setSource(source);
    }, ConditionTypes.REASON_INVALID_SPEC,
        "spec.source.s3.key \"team-z/prompts.jsonl\" is outside this namespace's prefix; jobs in namespace "
            + bed.namespace + " read source objects under \"" + bed.namespace + "/\" only");
  }
}
