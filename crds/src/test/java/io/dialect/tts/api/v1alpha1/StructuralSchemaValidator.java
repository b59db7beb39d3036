package io.dialect.tts.api.v1alpha1;

import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates a CRD's structural schema on an object the way kube-apiserver does on create and update:
 * unknown fields first (strict field validation refuses the request before anything else), then
 * defaults, then the OpenAPI constraints, then the {@code x-kubernetes-validations} CEL rules — which
 * the server skips when a constraint error "blocks" them. Messages are the server's field error
 * texts (k8s 1.31+ wording), so a test written against this class states what a user sees.
 *
 * <p>Not covered, because our CRDs do not use them: nullable, exclusive bounds, formats, list-type
 * map/set correlation (lists are atomic here, so rules under list items never see {@code oldSelf}),
 * messageExpression and the CEL cost budget (only a real API server checks that).
 */
final class StructuralSchemaValidator {
  private static final Set<String> IMPLICIT_ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
  private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final Map<String, Object> schema;
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  private StructuralSchemaValidator(Map<String, Object> schema) {
    this.schema = schema;
  }

  /** The validator of the first version of a CRD, parsed from YAML. */
  static StructuralSchemaValidator of(Map<String, Object> crd) {
    Map<String, Object> version = map(list(map(crd.get("spec")).get("versions")).get(0));
    return new StructuralSchemaValidator(map(map(version.get("schema")).get("openAPIV3Schema")));
  }

  /** The API server's messages for creating {@code object}; empty when it would be accepted. */
  List<String> validateCreate(Map<String, Object> object) {
    return validate(null, object);
  }

  /** The API server's messages for replacing {@code old} by {@code updated}; transition rules run too. */
  List<String> validateUpdate(Map<String, Object> old, Map<String, Object> updated) {
    return validate(old, updated);
  }

  private List<String> validate(Map<String, Object> old, Map<String, Object> object) {
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(schema, object, "", unknown);
    if (!unknown.isEmpty()) {
      return unknown;
    }
    Object value = typed(schema, object);
    Object oldValue = old == null ? null : typed(schema, old);
    List<FieldError> errors = new ArrayList<>();
    checkConstraints(schema, value, "", errors);
    if (errors.stream().anyMatch(FieldError::blocksRules)) {
      errors.add(new FieldError("<nil>", FieldError.Kind.INVALID, null,
          "some validation rules were not checked because the object was invalid; "
              + "correct the existing errors to complete validation"));
    } else {
      checkRules(schema, value, oldValue, "", errors);
    }
    return errors.stream().map(FieldError::toString).toList();
  }

  private static void collectUnknownFields(Map<String, Object> schema, Object value, String path, List<String> out) {
    if (value instanceof Map<?, ?> object) {
      Map<String, Object> properties = properties(schema);
      Object additional = schema.get("additionalProperties");
      object.forEach((key, child) -> {
        String childPath = child(path, key.toString());
        if (properties.containsKey(key)) {
          collectUnknownFields(map(properties.get(key)), child, childPath, out);
        } else if (additional instanceof Map<?, ?> additionalSchema) {
          collectUnknownFields(map(additionalSchema), child, path + "[" + key + "]", out);
        } else if (!(path.isEmpty() && IMPLICIT_ROOT_FIELDS.contains(key))) {
          out.add("unknown field \"" + childPath + "\"");
        }
      });
    } else if (value instanceof List<?> elements && schema.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < elements.size(); i++) {
        collectUnknownFields(map(items), elements.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /** A deep copy with schema defaults filled in and numbers as the server's CEL sees them (int64, double). */
  private static Object typed(Map<String, Object> schema, Object value) {
    if (value instanceof Map<?, ?> object) {
      Map<String, Object> properties = properties(schema);
      Map<String, Object> copy = new LinkedHashMap<>();
      object.forEach((key, child) -> {
        Object childSchema = properties.getOrDefault(key, schema.get("additionalProperties"));
        copy.put(key.toString(), childSchema instanceof Map<?, ?> s ? typed(map(s), child) : child);
      });
      properties.forEach((key, childSchema) -> {
        Object defaultValue = map(childSchema).get("default");
        if (!copy.containsKey(key) && defaultValue != null) {
          copy.put(key, typed(map(childSchema), defaultValue));
        }
      });
      return copy;
    }
    if (value instanceof List<?> elements) {
      Map<String, Object> items = schema.get("items") instanceof Map<?, ?> s ? map(s) : Map.of();
      return elements.stream().map(element -> typed(items, element)).collect(Collectors.toList());
    }
    if (value instanceof Number number) {
      if ("number".equals(schema.get("type"))) {
        return number.doubleValue();
      }
      if ("integer".equals(schema.get("type")) && isIntegral(number)) {
        return number.longValue();
      }
    }
    return value;
  }

  private static void checkConstraints(Map<String, Object> schema, Object value, String path, List<FieldError> errors) {
    String type = (String) schema.get("type");
    if (type != null && !hasType(type, value)) {
      errors.add(new FieldError(path, FieldError.Kind.TYPE_INVALID, jsonType(value),
          path + " in body must be of type " + type + ": \"" + jsonType(value) + "\""));
      return;
    }
    if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
      errors.add(new FieldError(path, FieldError.Kind.NOT_SUPPORTED, value, "supported values: "
          + allowed.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "))));
    }
    switch (value) {
      case String text -> checkString(schema, text, path, errors);
      case Number number -> checkNumber(schema, number, path, errors);
      case List<?> elements -> checkList(schema, elements, path, errors);
      case Map<?, ?> object -> checkObject(schema, object, path, errors);
      default -> { }
    }
  }

  private static void checkString(Map<String, Object> schema, String text, String path, List<FieldError> errors) {
    int length = text.codePointCount(0, text.length());
    if (schema.get("maxLength") instanceof Number max && length > max.longValue()) {
      errors.add(new FieldError(path, FieldError.Kind.TOO_LONG, text,
          "may not be more than " + max.longValue() + " bytes"));
    }
    if (schema.get("minLength") instanceof Number min && length < min.longValue()) {
      errors.add(new FieldError(path, FieldError.Kind.INVALID, text,
          path + " in body should be at least " + min.longValue() + " chars long"));
    }
    if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(text).find()) {
      errors.add(new FieldError(path, FieldError.Kind.INVALID, text,
          path + " in body should match '" + pattern + "'"));
    }
  }

  private static void checkNumber(Map<String, Object> schema, Number number, String path, List<FieldError> errors) {
    if (schema.get("maximum") instanceof Number max && number.doubleValue() > max.doubleValue()) {
      errors.add(new FieldError(path, FieldError.Kind.INVALID, number,
          path + " in body should be less than or equal to " + FieldError.goNumber(max)));
    }
    if (schema.get("minimum") instanceof Number min && number.doubleValue() < min.doubleValue()) {
      errors.add(new FieldError(path, FieldError.Kind.INVALID, number,
          path + " in body should be greater than or equal to " + FieldError.goNumber(min)));
    }
  }

  private static void checkList(Map<String, Object> schema, List<?> elements, String path, List<FieldError> errors) {
    if (schema.get("maxItems") instanceof Number max && elements.size() > max.longValue()) {
      errors.add(new FieldError(path, FieldError.Kind.TOO_MANY, (long) elements.size(),
          "must have at most " + max.longValue() + " items"));
    }
    if (schema.get("minItems") instanceof Number min && elements.size() < min.longValue()) {
      errors.add(new FieldError(path, FieldError.Kind.INVALID, (long) elements.size(),
          path + " in body should have at least " + min.longValue() + " items"));
    }
    if (schema.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < elements.size(); i++) {
        checkConstraints(map(items), elements.get(i), path + "[" + i + "]", errors);
      }
    }
    if ("map".equals(schema.get("x-kubernetes-list-type"))) {
      checkMapKeys(list(schema.get("x-kubernetes-list-map-keys")), elements, path, errors);
    }
  }

  /** A list map's elements are identified by their keys: a second element with the same keys is a duplicate. */
  private static void checkMapKeys(List<Object> keys, List<?> elements, String path, List<FieldError> errors) {
    Set<Map<Object, Object>> seen = new HashSet<>();
    for (int i = 0; i < elements.size(); i++) {
      if (elements.get(i) instanceof Map<?, ?> element) {
        Map<Object, Object> identity = new LinkedHashMap<>();
        keys.forEach(key -> identity.put(key, element.get(key)));
        if (!seen.add(identity)) {
          errors.add(new FieldError(path + "[" + i + "]", FieldError.Kind.DUPLICATE, identity, ""));
        }
      }
    }
  }

  private static void checkObject(Map<String, Object> schema, Map<?, ?> object, String path, List<FieldError> errors) {
    if (schema.get("required") instanceof List<?> required) {
      required.stream().filter(name -> !object.containsKey(name)).forEach(name ->
          errors.add(new FieldError(child(path, name.toString()), FieldError.Kind.REQUIRED, null, "")));
    }
    Map<String, Object> properties = properties(schema);
    object.forEach((key, child) -> {
      if (properties.get(key) instanceof Map<?, ?> childSchema) {
        checkConstraints(map(childSchema), child, child(path, key.toString()), errors);
      } else if (schema.get("additionalProperties") instanceof Map<?, ?> additional) {
        checkConstraints(map(additional), child, path + "[" + key + "]", errors);
      }
    });
  }

  private void checkRules(Map<String, Object> schema, Object value, Object oldValue, String path, List<FieldError> errors) {
    if (value == null) {
      return;
    }
    if (schema.get("x-kubernetes-validations") instanceof List<?> rules) {
      for (Object rule : rules) {
        String expression = (String) map(rule).get("rule");
        // A transition rule runs only on updates where the old value exists, as on the server.
        if (expression.contains("oldSelf") && oldValue == null) {
          continue;
        }
        if (!Boolean.TRUE.equals(evaluate(expression, value, oldValue))) {
          Object message = map(rule).get("message");
          errors.add(new FieldError(path, FieldError.Kind.INVALID, schema.get("type"),
              message != null ? message.toString() : "failed rule: " + expression));
        }
      }
    }
    if (value instanceof Map<?, ?> object) {
      Map<?, ?> oldObject = oldValue instanceof Map<?, ?> m ? m : Map.of();
      Map<String, Object> properties = properties(schema);
      object.forEach((key, child) -> {
        if (properties.get(key) instanceof Map<?, ?> childSchema) {
          checkRules(map(childSchema), child, oldObject.get(key), child(path, key.toString()), errors);
        } else if (schema.get("additionalProperties") instanceof Map<?, ?> additional) {
          checkRules(map(additional), child, oldObject.get(key), path + "[" + key + "]", errors);
        }
      });
    } else if (value instanceof List<?> elements && schema.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < elements.size(); i++) {
        checkRules(map(items), elements.get(i), null, path + "[" + i + "]", errors);
      }
    }
  }

  private Object evaluate(String expression, Object self, Object oldSelf) {
    CelRuntime.Program program = programs.computeIfAbsent(expression, StructuralSchemaValidator::compile);
    Map<String, Object> variables = new HashMap<>();
    variables.put("self", self);
    if (oldSelf != null) {
      variables.put("oldSelf", oldSelf);
    }
    try {
      return program.eval(variables);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("CEL rule failed to evaluate (the API server reports this to the user): "
          + expression, e);
    }
  }

  private static CelRuntime.Program compile(String expression) {
    try {
      return RUNTIME.createProgram(CEL.compile(expression).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("CEL rule does not compile (the API server refuses the CRD): " + expression, e);
    }
  }

  private static boolean hasType(String type, Object value) {
    return switch (type) {
      case "object" -> value instanceof Map;
      case "array" -> value instanceof List;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "number" -> value instanceof Number;
      case "integer" -> value instanceof Number number && isIntegral(number);
      default -> true;
    };
  }

  private static String jsonType(Object value) {
    return switch (value) {
      case null -> "null";
      case Map<?, ?> m -> "object";
      case List<?> l -> "array";
      case String s -> "string";
      case Boolean b -> "boolean";
      case Number n -> isIntegral(n) ? "integer" : "number";
      default -> value.getClass().getSimpleName();
    };
  }

  private static boolean isIntegral(Number number) {
    return !(number instanceof Double || number instanceof Float) || number.doubleValue() % 1 == 0;
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static Map<String, Object> properties(Map<String, Object> schema) {
    return schema.get("properties") instanceof Map<?, ?> p ? map(p) : Map.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  /** One field error, printed as apimachinery's {@code field.Error} prints it. */
  private record FieldError(String path, Kind kind, Object value, String detail) {
    enum Kind {
      REQUIRED("Required value"), NOT_SUPPORTED("Unsupported value"), INVALID("Invalid value"),
      TYPE_INVALID("Invalid value"), TOO_LONG("Too long"), TOO_MANY("Too many"), DUPLICATE("Duplicate value");

      final String text;

      Kind(String text) {
        this.text = text;
      }
    }

    /** The server skips CEL rules after these: the rules could not trust the value's shape or size. */
    boolean blocksRules() {
      return kind != Kind.INVALID && kind != Kind.DUPLICATE;
    }

    @Override
    public String toString() {
      String body = switch (kind) {
        case REQUIRED, TOO_LONG -> kind.text; // the server omits the value of these
        default -> kind.text + ": " + goValue(value);
      };
      return path + ": " + body + (detail.isEmpty() ? "" : ": " + detail);
    }

    private static String goValue(Object value) {
      return switch (value) {
        case null -> "null";
        case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        case Number n -> goNumber(n);
        case Map<?, ?> m -> m.entrySet().stream().map(e -> goValue(e.getKey()) + ":" + goValue(e.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
        default -> value.toString();
      };
    }

    /** Go's %v of a float64: no trailing ".0" (2, not 2.0). */
    static String goNumber(Number number) {
      return BigDecimal.valueOf(number.doubleValue()).stripTrailingZeros().toPlainString();
    }
  }
}
