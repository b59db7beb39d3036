package io.dialect.tts.api.v1alpha1;

import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.list;
import static io.dialect.tts.api.v1alpha1.StructuralSchemaValidator.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Good TTSJob/TTSQuota manifests and bad ones, each bad one a small change to a good one with the
 * message a user sees. Written once, checked twice: by {@link CrdValidationTest} (CEL-Java) and by
 * {@link ApiServerCrdTest} (a real kube-apiserver).
 */
final class BadObjects {
  private static final String JOB = """
      apiVersion: tts.dialect.io/v1alpha1
      kind: TTSJob
      metadata:
        name: welcome-prompts
      spec:
        dialect: dongbei
        voice: dongbei_laotie
        items:
          - id: greeting
            text: 老铁们好，欢迎光临！
          - id: goodbye
            text: 慢走啊，常来！
        output:
          s3:
            bucket: tts-out
            prefix: welcome/
      """;
  private static final String SOURCE_JOB = """
      apiVersion: tts.dialect.io/v1alpha1
      kind: TTSJob
      metadata:
        name: menu-prompts
      spec:
        dialect: sichuan
        source:
          configMapRef:
            name: prompts
            key: lines.jsonl
        output:
          pvc:
            claimName: audio
            path: menu/
      """;
  private static final String QUOTA = """
      apiVersion: tts.dialect.io/v1alpha1
      kind: TTSQuota
      metadata:
        name: default
      spec:
        daily:
          characters: 1000000
          requests: 100000
        monthly:
          characters: 20000000
        maxConcurrentJobs: 5
        maxParallelismPerJob: 8
        allowedDialects: [dongbei, cantonese]
        alertThresholds: [0.8, 0.9, 1.0]
        enforcement: hard
        timeZone: Asia/Shanghai
      """;

  /**
   * A manifest the API server refuses. {@code old} is set for an update (create {@code old}, then
   * replace it by {@code object}). {@code message} is the exact line of the validator;
   * {@code serverFragment} what the real server's answer must contain (the same, unless the wording
   * differs between Kubernetes versions).
   */
  record BadObject(String name, Map<String, Object> old, Map<String, Object> object, String message,
                   String serverFragment) {
    boolean isUpdate() {
      return old != null;
    }

    String kind() {
      return (String) object.get("kind");
    }

    BadObject onServer(String fragment) {
      return new BadObject(name, old, object, message, fragment);
    }

    @Override
    public String toString() {
      return kind() + ": " + name;
    }
  }

  private BadObjects() {
  }

  static Map<String, Object> job() {
    return Manifests.parse(JOB);
  }

  static Map<String, Object> sourceJob() {
    return Manifests.parse(SOURCE_JOB);
  }

  static Map<String, Object> quota() {
    return Manifests.parse(QUOTA);
  }

  /** Manifests the API server accepts as they are. */
  static List<Map<String, Object>> good() {
    return List.of(job(), sourceJob(), quota());
  }

  /**
   * An update the API server accepts: what takes effect on a running job (pausing, rescaling, its deadline),
   * what the operator reads live (failure policy, TTL) and the queue priority stay mutable.
   */
  static Map<String, Object> withMutableFieldsChanged(Map<String, Object> job) {
    Map<String, Object> updated = copy(job);
    spec(updated).put("suspend", true);
    spec(updated).put("parallelism", 4);
    spec(updated).put("activeDeadlineSeconds", 600);
    spec(updated).put("priority", "high");
    spec(updated).put("failurePolicy", Map.of("maxFailedItems", 3));
    spec(updated).put("ttlSecondsAfterFinished", 60);
    return updated;
  }

  static List<BadObject> all() {
    List<BadObject> all = new ArrayList<>();
    all.add(create("missing dialect", job(), spec -> spec.remove("dialect"), "spec.dialect: Required value"));
    all.add(create("missing output", job(), spec -> spec.remove("output"), "spec.output: Required value"));
    all.add(create("both items and source", job(), spec -> spec.put("source", spec(sourceJob()).get("source")),
        "spec: Invalid value: \"object\": exactly one of spec.items or spec.source must be set"));
    all.add(create("neither items nor source", job(), spec -> spec.remove("items"),
        "spec: Invalid value: \"object\": exactly one of spec.items or spec.source must be set"));
    all.add(create("duplicate item ids", job(), spec -> item(spec, 1).put("id", "greeting"),
        "spec.items[1]: Duplicate value: {\"id\":\"greeting\"}")
        .onServer("spec.items[1]: Duplicate value")); // older servers print the Go map type before the value
    all.add(create("empty text", job(), spec -> item(spec, 0).put("text", ""),
        "spec.items[0].text: Invalid value: \"\": spec.items[0].text in body should be at least 1 chars long"));
    all.add(create("text over 10000 characters", job(), spec -> item(spec, 0).put("text", "好".repeat(10001)),
        "spec.items[0].text: Too long: may not be more than 10000 bytes")
        .onServer("spec.items[0].text: Too long")); // older servers say "may not be longer than 10000"
    all.add(create("101 items", job(), spec -> spec.put("items", items(101)),
        "spec.items: Too many: 101: must have at most 100 items"));
    all.add(create("item id climbing out of the output directory", job(), spec -> item(spec, 0).put("id", "../x"),
        "spec.items[0].id: Invalid value: \"../x\": spec.items[0].id in body should match "
            + "'^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'"));
    all.add(create("speed 0.4", job(), spec -> spec.put("speed", 0.4),
        "spec.speed: Invalid value: 0.4: spec.speed in body should be greater than or equal to 0.5"));
    all.add(create("speed 2.5", job(), spec -> spec.put("speed", 2.5),
        "spec.speed: Invalid value: 2.5: spec.speed in body should be less than or equal to 2"));
    all.add(create("item speed 3", job(), spec -> item(spec, 0).put("speed", 3),
        "spec.items[0].speed: Invalid value: 3: spec.items[0].speed in body should be less than or equal to 2"));
    all.add(create("parallelism 0", job(), spec -> spec.put("parallelism", 0),
        "spec.parallelism: Invalid value: 0: spec.parallelism in body should be greater than or equal to 1"));
    all.add(create("parallelism 65", job(), spec -> spec.put("parallelism", 65),
        "spec.parallelism: Invalid value: 65: spec.parallelism in body should be less than or equal to 64"));
    all.add(create("format flac", job(), spec -> spec.put("format", "flac"),
        "spec.format: Unsupported value: \"flac\": supported values: \"mp3\", \"ogg\", \"wav\""));
    all.add(create("priority urgent", job(), spec -> spec.put("priority", "urgent"),
        "spec.priority: Unsupported value: \"urgent\": supported values: \"high\", \"low\", \"normal\""));
    all.add(create("output with both s3 and pvc", job(),
        spec -> map(spec.get("output")).put("pvc", Map.of("claimName", "audio")),
        "spec.output: Invalid value: \"object\": exactly one of output.s3 or output.pvc must be set"));
    all.add(create("output with neither s3 nor pvc", job(), spec -> map(spec.get("output")).remove("s3"),
        "spec.output: Invalid value: \"object\": exactly one of output.s3 or output.pvc must be set"));
    all.add(create("source with both configMapRef and s3", sourceJob(),
        spec -> map(spec.get("source")).put("s3", Map.of("bucket", "tts-in", "key", "team-a/lines.jsonl")),
        "spec.source: Invalid value: \"object\": exactly one of source.configMapRef or source.s3 must be set"));
    all.add(create("s3 prefix climbing out of the namespace", job(),
        spec -> s3Output(spec).put("prefix", "../team-b/"),
        "spec.output.s3.prefix: Invalid value: \"../team-b/\": spec.output.s3.prefix in body should match '"
            + S3Output.PREFIX_PATTERN + "'"));
    all.add(create("pvc path climbing out of the volume", sourceJob(),
        spec -> map(map(spec.get("output")).get("pvc")).put("path", "menu/../../etc/"),
        "spec.output.pvc.path: Invalid value: \"menu/../../etc/\": spec.output.pvc.path in body should match '"
            + S3Output.PREFIX_PATTERN + "'"));
    all.add(create("s3 source key climbing out of the namespace", job(),
        spec -> {
          spec.remove("items");
          spec.put("source", Map.of("s3", Map.of("bucket", "tts-in", "key", "team-a/../team-b/lines.jsonl")));
        },
        "spec.source.s3.key: Invalid value: \"team-a/../team-b/lines.jsonl\": spec.source.s3.key in body should match '"
            + S3Source.KEY_PATTERN + "'"));
    all.add(create("invalid bucket name", job(), spec -> s3Output(spec).put("bucket", "Team_A_Audio"),
        "spec.output.s3.bucket: Invalid value: \"Team_A_Audio\": spec.output.s3.bucket in body should match '"
            + S3Output.BUCKET_PATTERN + "'"));
    all.add(create("unknown field", job(), spec -> spec.put("foo", "bar"), "unknown field \"spec.foo\""));
    all.add(create("unknown field in an item", job(), spec -> item(spec, 0).put("lang", "yue"),
        "unknown field \"spec.items[0].lang\""));
    all.add(create("unquoted yes as a text (YAML 1.1 boolean)", job(), spec -> item(spec, 0).put("text", true),
        "spec.items[0].text: Invalid value: \"boolean\": spec.items[0].text in body must be of type string: "
            + "\"boolean\""));
    all.add(update("dialect changed", job(), spec -> spec.put("dialect", "sichuan"),
        "spec: Invalid value: \"object\": spec.dialect is immutable; create a new TTSJob for another dialect"));
    all.add(update("voice changed", job(), spec -> spec.put("voice", "dongbei_dajie"),
        "spec: Invalid value: \"object\": spec.voice is immutable; create a new TTSJob for another voice"));
    all.add(update("voice removed", job(), spec -> spec.remove("voice"),
        "spec: Invalid value: \"object\": spec.voice is immutable; create a new TTSJob for another voice"));
    all.add(update("items changed", job(), spec -> item(spec, 1).put("text", "再见！"),
        "spec: Invalid value: \"object\": spec.items is immutable; create a new TTSJob for other texts"));
    all.add(update("source changed", sourceJob(), spec -> map(map(spec.get("source")).get("configMapRef"))
            .put("key", "other.jsonl"),
        "spec: Invalid value: \"object\": spec.source is immutable; create a new TTSJob for another source"));
    all.add(update("output changed", job(), spec -> s3Output(spec).put("prefix", "goodbye/"),
        "spec: Invalid value: \"object\": spec.output is immutable; create a new TTSJob for another output place"));
    all.add(update("format changed", job(), spec -> spec.put("format", "wav"),
        "spec: Invalid value: \"object\": spec.format is immutable; create a new TTSJob for another audio format"));
    all.add(update("speed changed", job(), spec -> spec.put("speed", 1.5),
        "spec: Invalid value: \"object\": spec.speed is immutable; create a new TTSJob for another speaking rate"));
    all.add(update("emotion changed", job(), spec -> spec.put("emotion", "cheerful"),
        "spec: Invalid value: \"object\": spec.emotion is immutable; create a new TTSJob for another emotion"));
    all.add(update("providers set after creation", job(), spec -> spec.put("providers", List.of("espeak")),
        "spec: Invalid value: \"object\": spec.providers is immutable; create a new TTSJob for another provider "
            + "order"));
    all.add(update("cache turned off after creation", job(), spec -> spec.put("cache", Map.of("enabled", false)),
        "spec: Invalid value: \"object\": spec.cache is immutable; create a new TTSJob to change its cache use"));
    all.add(create("alert threshold 0", quota(), spec -> spec.put("alertThresholds", List.of(0, 0.9)),
        "spec.alertThresholds: Invalid value: \"array\": each alert threshold must be greater than 0 and at most 1, "
            + "e.g. 0.8 for 80%"));
    all.add(create("alert threshold 1.5", quota(), spec -> spec.put("alertThresholds", List.of(0.8, 1.5)),
        "spec.alertThresholds: Invalid value: \"array\": each alert threshold must be greater than 0 and at most 1, "
            + "e.g. 0.8 for 80%"));
    all.add(create("enforcement maybe", quota(), spec -> spec.put("enforcement", "maybe"),
        "spec.enforcement: Unsupported value: \"maybe\": supported values: \"hard\", \"soft\""));
    all.add(create("maxParallelismPerJob 65", quota(), spec -> spec.put("maxParallelismPerJob", 65),
        "spec.maxParallelismPerJob: Invalid value: 65: spec.maxParallelismPerJob in body should be less than or "
            + "equal to 64"));
    all.add(create("negative daily characters", quota(), spec -> map(spec.get("daily")).put("characters", -1),
        "spec.daily.characters: Invalid value: -1: spec.daily.characters in body should be greater than or equal "
            + "to 0"));
    all.add(create("unknown field in a quota", quota(), spec -> spec.put("weekly", Map.of("characters", 5)),
        "unknown field \"spec.weekly\""));
    return all;
  }

  private static BadObject create(String name, Map<String, Object> base, Consumer<Map<String, Object>> change,
                                  String message) {
    return new BadObject(name, null, changed(base, change), message, message);
  }

  private static BadObject update(String name, Map<String, Object> base, Consumer<Map<String, Object>> change,
                                  String message) {
    return new BadObject(name, base, changed(base, change), message, message);
  }

  private static Map<String, Object> changed(Map<String, Object> base, Consumer<Map<String, Object>> change) {
    Map<String, Object> object = copy(base);
    change.accept(spec(object));
    return object;
  }

  static Map<String, Object> copy(Map<String, Object> manifest) {
    return map(Manifests.deepCopy(manifest));
  }

  static Map<String, Object> spec(Map<String, Object> manifest) {
    return map(manifest.get("spec"));
  }

  private static Map<String, Object> item(Map<String, Object> spec, int index) {
    return map(list(spec.get("items")).get(index));
  }

  private static Map<String, Object> s3Output(Map<String, Object> spec) {
    return map(map(spec.get("output")).get("s3"));
  }

  private static List<Object> items(int count) {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(Map.of("id", "line-" + i, "text", "第" + i + "句"));
    }
    return items;
  }
}
