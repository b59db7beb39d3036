package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.operator.progress.ProgressSnapshot;
import io.dialect.tts.operator.status.Rejection;
import io.dialect.tts.operator.status.StatusCalculator;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The documented GitOps health checks of a TTSJob, run as the tools run them: Argo CD's Lua (luaj) and
 * Flux's CEL {@code healthCheckExprs} (CEL-Java), read from the example files docs/gitops.md quotes, against
 * the example job at each stage of its life with the status the operator's own StatusCalculator writes.
 */
class GitOpsHealthChecksTest {
  private static final Path PLATFORM = GitOpsExampleTest.GITOPS.resolve("platform");
  private static final Path ARGO_HEALTH = PLATFORM.resolve("argocd-cm-ttsjob-health.yaml");
  private static final Path FLUX_KUSTOMIZATION = PLATFORM.resolve("flux-team-a.yaml");
  private static final Path EXAMPLE_JOB = GitOpsExampleTest.GITOPS.resolve("team-a").resolve("store-welcome-v1.yaml");
  private static final Path DOC = Path.of("..", "docs", "gitops.md");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final StatusCalculator CALCULATOR =
      new StatusCalculator(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

  /** One stage of the job: its status as the operator writes it, and what each tool must make of it. */
  record Stage(String name, UnaryOperator<TTSJob> toStage, String argo, String flux, String argoMessage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Stage> stages() {
    return Stream.of(
        new Stage("created, no status yet", job -> job, "Progressing", "Unknown", "Waiting for the operator"),
        rejected(ConditionTypes.REASON_INVALID_SPEC, JobPhase.Pending, "Degraded", "Failed"),
        rejected(ConditionTypes.REASON_MISCONFIGURED, JobPhase.Pending, "Degraded", "Failed"),
        // The namespace's TTSQuotas do not merge: the quota's configuration is at fault, not the wait.
        rejected(ConditionTypes.REASON_MISCONFIGURED, JobPhase.Queued, "Degraded", "Failed"),
        rejected(ConditionTypes.REASON_WAITING_FOR_QUOTA, JobPhase.Queued, "Progressing", "InProgress"),
        rejected(ConditionTypes.REASON_DIALECT_NOT_ALLOWED, JobPhase.Queued, "Suspended", "Failed"),
        rejected(ConditionTypes.REASON_EXCEEDS_MAX_QUOTA, JobPhase.Queued, "Suspended", "Failed"),
        observed("admitted, waiting for worker pods", worker(0, null), progress(0, 0, 0), Optional.empty(),
            Optional.empty(), "Progressing", "InProgress", "Pending 0/4"),
        observed("running", worker(1, null), progress(2, 0, 0), Optional.empty(), Optional.empty(),
            "Progressing", "InProgress", "Running 2/4"),
        observed("worker pods cannot start", worker(1, null), progress(0, 0, 0), Optional.empty(),
            Optional.of("worker pod welcome-0: ErrImagePull: no such image"), "Progressing", "InProgress",
            StatusCalculator.REASON_WORKER_PODS_NOT_STARTING + ": worker pod welcome-0: ErrImagePull"),
        observed("hard quota used up", worker(1, null), progress(1, 0, 0), Optional.of("daily characters used up"),
            Optional.empty(), "Suspended", "InProgress", StatusCalculator.REASON_QUOTA_EXHAUSTED + ": "),
        observed("succeeded", worker(0, "Complete"), progress(4, 0, 0), Optional.empty(), Optional.empty(),
            "Healthy", "Current", "4 items succeeded"),
        observed("succeeded, some items by the local fallback", worker(0, "Complete"), progress(4, 0, 1),
            Optional.empty(), Optional.empty(), "Healthy", "Current", StatusCalculator.REASON_LOCAL_FALLBACK),
        observed("too many failed items", worker(1, null), progress(3, 1, 0), Optional.empty(), Optional.empty(),
            "Degraded", "Failed", StatusCalculator.REASON_TOO_MANY_FAILED + ": 1 items failed"),
        observed("worker Job failed", worker(0, "Failed"), progress(1, 0, 0), Optional.empty(), Optional.empty(),
            "Degraded", "Failed", StatusCalculator.REASON_WORKER_JOB_FAILED + ": "),
        new Stage("suspended by spec.suspend", job -> {
          job.getSpec().setSuspend(true);
          job.setStatus(CALCULATOR.observe(job, worker(0, null), progress(1, 0, 0), Optional.empty(), Optional.empty()));
          return job;
        }, "Suspended", "InProgress", "Suspended: spec.suspend is true"));
  }

  private static Stage rejected(String reason, JobPhase phase, String argo, String flux) {
    String message = "what the operator says about " + reason;
    return new Stage(phase + " " + reason, job -> {
      job.setStatus(CALCULATOR.rejected(job, new Rejection(reason, message), phase));
      return job;
    }, argo, flux, reason + ": " + message);
  }

  private static Stage observed(String name, Job worker, ProgressSnapshot progress, Optional<String> quotaHold,
      Optional<String> podsNotStarting, String argo, String flux, String argoMessage) {
    return new Stage(name, job -> {
      job.setStatus(CALCULATOR.observe(job, worker, progress, quotaHold, podsNotStarting));
      return job;
    }, argo, flux, argoMessage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void argoCdHealthOfEachStage(Stage stage) throws IOException {
    Map<String, Object> job = stage(stage);

    LuaTable health = argoHealth(job);

    assertThat(health.get("status").tojstring()).as("Argo CD health of %s: %s", stage, job.get("status"))
        .isEqualTo(stage.argo());
    assertThat(health.get("message").tojstring()).contains(stage.argoMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void fluxHealthOfEachStage(Stage stage) throws IOException {
    Map<String, Object> job = stage(stage);

    assertThat(fluxHealth(job)).as("Flux health of %s: %s", stage, job.get("status")).isEqualTo(stage.flux());
  }

  /** TTSQuota: Degraded while over a limit or while the gateways cannot be given the limits. */
  @Test
  void argoCdHealthOfATtsQuota() throws IOException {
    assertThat(argoHealth("TTSQuota", Map.of()).get("status").tojstring()).isEqualTo("Progressing");
    assertThat(quotaHealth(quotaCondition(ConditionTypes.THRESHOLD_REACHED, "True", "80% of the daily characters used")))
        .isEqualTo("Healthy: 80% of the daily characters used");
    assertThat(quotaHealth(quotaCondition(ConditionTypes.EXCEEDED, "True", "daily characters exceeded")))
        .isEqualTo("Degraded: daily characters exceeded");
    assertThat(quotaHealth(quotaCondition(ConditionTypes.LIMITS_PUBLISHED, "False", "Redis is unreachable")))
        .isEqualTo("Degraded: Reason: Redis is unreachable");
    assertThat(quotaHealth(quotaCondition(ConditionTypes.EXCEEDED, "False", "within the limits")))
        .isEqualTo("Healthy: Within budget");
  }

  private static Map<String, Object> quotaCondition(String type, String status, String message) {
    return Map.of("type", type, "status", status, "reason", "Reason", "message", message);
  }

  private static String quotaHealth(Map<String, Object> condition) throws IOException {
    LuaTable health = argoHealth("TTSQuota", Map.of("status", Map.of("conditions", List.of(condition))));
    return health.get("status").tojstring() + ": " + health.get("message").tojstring();
  }

  /** A reason added to the API without a decision here would fall to the scripts' defaults unnoticed. */
  @Test
  void everyRejectionReasonOfTheApiHasAStage() {
    List<String> reasons = Arrays.stream(ConditionTypes.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("REASON_"))
        .map(GitOpsHealthChecksTest::value).toList();

    assertThat(reasons).isNotEmpty();
    for (String reason : reasons) {
      assertThat(stages().map(Stage::name)).as("a stage for %s", reason).anyMatch(name -> name.endsWith(" " + reason));
    }
  }

  /** docs/gitops.md shows the very files the tools are given (and this test runs): they cannot drift apart. */
  @Test
  void theDocQuotesTheHealthCheckFilesVerbatim() throws IOException {
    String doc = Files.readString(DOC);

    for (Path file : List.of(ARGO_HEALTH, FLUX_KUSTOMIZATION)) {
      assertThat(doc).as("docs/gitops.md quotes %s", file.getFileName()).contains("```yaml\n" + Files.readString(file) + "```");
    }
  }

  /** One health check in the docs: the one above, not an older copy elsewhere. */
  @Test
  void noOtherDocCarriesAHealthCheck() throws IOException {
    try (Stream<Path> docs = Files.list(DOC.getParent())) {
      assertThat(docs.filter(d -> !d.equals(DOC)).filter(d -> d.toString().endsWith(".md")).filter(d -> {
        try {
          return Files.readString(d).contains("resource.customizations.health");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      })).isEmpty();
    }
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The example job (as the API server has it: a uid, generation 1) at the stage, as a generic object. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> stage(Stage stage) throws IOException {
    TTSJob job = SERIALIZATION.unmarshal(Files.readString(EXAMPLE_JOB), TTSJob.class);
    job.getMetadata().setNamespace("team-a");
    job.getMetadata().setUid("6f1f4c3e-0000-4000-8000-000000000001");
    job.getMetadata().setGeneration(1L);
    job.setStatus(null);
    TTSJob staged = stage.toStage().apply(job);
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(staged), Map.class);
  }

  /** The batch Job running the example's 4 items in one shard: active pods and a finishing condition. */
  private static Job worker(int active, String finishedCondition) {
    JobBuilder worker = new JobBuilder().withNewMetadata().withName("store-welcome-v1-6f1f4c3e").endMetadata()
        .withNewSpec().withCompletions(1).endSpec()
        .withNewStatus().withActive(active).endStatus();
    if (finishedCondition != null) {
      worker.editStatus().addNewCondition().withType(finishedCondition).withStatus("True").withReason("Done")
          .endCondition().endStatus();
    }
    return worker.build();
  }

  private static ProgressSnapshot progress(long succeeded, long failed, long degraded) {
    return new ProgressSnapshot(4, succeeded, failed, 0, degraded, succeeded * 10, succeeded * 10, 0, 0,
        Map.of("xiangyinge", succeeded), null);
  }

  // Argo CD: the script runs with the live object as the global obj and returns {status, message}.

  private static LuaTable argoHealth(Map<String, Object> object) throws IOException {
    return argoHealth("TTSJob", object);
  }

  private static LuaTable argoHealth(String kind, Map<String, Object> object) throws IOException {
    Map<String, Object> patch = GitOpsExampleTest.documents(Files.readString(ARGO_HEALTH)).getFirst();
    Object script = ((Map<?, ?>) patch.get("data")).get("resource.customizations.health.tts.dialect.io_" + kind);
    assertThat(script).as("the %s health check in %s", kind, ARGO_HEALTH).isNotNull();
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(object));
    return globals.load(String.valueOf(script), kind + " health").call().checktable();
  }

  private static LuaValue lua(Object value) {
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((key, element) -> table.set(String.valueOf(key), lua(element)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, lua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Number number) {
      return LuaValue.valueOf(number.doubleValue());
    }
    if (value instanceof Boolean bool) {
      return LuaValue.valueOf(bool);
    }
    return value == null ? LuaValue.NIL : LuaValue.valueOf(String.valueOf(value));
  }

  // Flux (kustomize-controller, RFC 0009): a status.observedGeneration behind metadata.generation is in progress;
  // then inProgress, failed, current in that order, the first true one wins, none means in progress; an
  // expression that cannot be evaluated (a field not there yet) leaves the object Unknown, still waited for.

  private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("apiVersion", SimpleType.DYN).addVar("kind", SimpleType.DYN).addVar("metadata", SimpleType.DYN)
      .addVar("spec", SimpleType.DYN).addVar("status", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private static String fluxHealth(Map<String, Object> object) throws IOException {
    Map<String, Object> expressions = fluxExpressions();
    assertThat(expressions).as("a TTSJob health check needs current").containsKey("current");
    Map<?, ?> status = (Map<?, ?>) object.get("status");
    Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
    if (status != null && status.get("observedGeneration") != null
        && !String.valueOf(status.get("observedGeneration")).equals(String.valueOf(metadata.get("generation")))) {
      return "InProgress";
    }
    for (String[] check : new String[][] {{"inProgress", "InProgress"}, {"failed", "Failed"}, {"current", "Current"}}) {
      Object expression = expressions.get(check[0]);
      if (expression == null) {
        continue;
      }
      Object result;
      try {
        result = evaluate(String.valueOf(expression), object);
      } catch (CelEvaluationException e) {
        return "Unknown";
      }
      // Flux takes anything but a boolean (an unknown, an error value) as an evaluation error.
      if (!(result instanceof Boolean)) {
        return "Unknown";
      }
      if ((Boolean) result) {
        return check[1];
      }
    }
    return "InProgress";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fluxExpressions() throws IOException {
    Map<String, Object> kustomization = GitOpsExampleTest.documents(Files.readString(FLUX_KUSTOMIZATION)).getFirst();
    List<Map<String, Object>> checks = (List<Map<String, Object>>) ((Map<?, ?>) kustomization.get("spec"))
        .get("healthCheckExprs");
    return checks.stream()
        .filter(check -> "TTSJob".equals(check.get("kind")) && "tts.dialect.io/v1alpha1".equals(check.get("apiVersion")))
        .findFirst().orElseThrow(() -> new AssertionError("no TTSJob entry in healthCheckExprs of " + FLUX_KUSTOMIZATION));
  }

  private static Object evaluate(String expression, Map<String, Object> object) throws CelEvaluationException {
    try {
      return RUNTIME.createProgram(CEL.compile(expression).getAst()).eval(object);
    } catch (CelValidationException e) {
      throw new AssertionError("Flux would refuse the expression: " + expression, e);
    }
  }
}
