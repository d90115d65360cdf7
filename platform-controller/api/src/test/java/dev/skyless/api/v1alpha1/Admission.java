package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API server checks when a Function is created, done in a test: the CRD's openAPIV3Schema
 * (with unknown fields rejected, as kubectl's strict field validation does), then every {@code
 * x-kubernetes-validations} CEL rule, evaluated with dev.cel at the node it sits on. Kubernetes'
 * list library function {@code sum()} is added, as the API server has it.
 */
final class Admission {

  static final String CRD_RESOURCE = "META-INF/fabric8/functions.skyless.dev-v1.yml";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> openApiSchema;
  private final Schema jsonSchema;
  private final Cel cel =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addFunctionDeclarations(
              CelFunctionDecl.newFunctionDeclaration(
                  "sum",
                  CelOverloadDecl.newMemberOverload(
                      "list_sum", SimpleType.DYN, ListType.create(SimpleType.DYN))))
          .addFunctionBindings(
              CelFunctionBinding.from(
                  "list_sum",
                  List.class,
                  list -> list.stream().mapToLong(v -> ((Number) v).longValue()).sum()))
          .build();

  @SuppressWarnings("unchecked")
  Admission() throws IOException {
    Map<String, Object> crd;
    try (InputStream in = Admission.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " not generated: run mvn process-classes");
      }
      crd = YAML.readValue(in, Map.class);
    }
    Map<String, Object> version =
        ((List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions"))
            .getFirst();
    openApiSchema =
        (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
    Map<String, Object> strict = strict(openApiSchema, true);
    jsonSchema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(JSON.writeValueAsString(strict), InputFormat.JSON);
  }

  Map<String, Object> schema() {
    return openApiSchema;
  }

  /** Every reason the API server would refuse {@code resource}; empty when it is accepted. */
  List<String> check(Map<String, Object> resource) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Error error : jsonSchema.validate(JSON.writeValueAsString(resource), InputFormat.JSON)) {
      problems.add(fieldPath(error.getInstanceLocation().toString()) + ": " + error.getMessage());
    }
    if (problems.isEmpty()) {
      evaluateRules(openApiSchema, resource, "", problems);
    }
    return problems;
  }

  List<String> check(String yaml) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> resource = YAML.readValue(yaml, Map.class);
    return check(resource);
  }

  /** Compiles a rule in the same environment, to find rules that do not compile. */
  CelAbstractSyntaxTree compile(String rule) throws CelValidationException {
    return cel.compile(rule).getAst();
  }

  @SuppressWarnings("unchecked")
  private void evaluateRules(
      Map<String, Object> schema, Object value, String path, List<String> problems) {
    if (value == null) {
      return;
    }
    for (Map<String, Object> rule :
        (List<Map<String, Object>>) schema.getOrDefault("x-kubernetes-validations", List.of())) {
      String expression = (String) rule.get("rule");
      try {
        Object result = cel.createProgram(compile(expression)).eval(Map.of("self", toCel(value)));
        if (!Boolean.TRUE.equals(result)) {
          problems.add(path + ": " + rule.get("message"));
        }
      } catch (CelValidationException | CelEvaluationException e) {
        problems.add(path + ": rule '" + expression + "' failed: " + e.getMessage());
      }
    }
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    if (properties != null && value instanceof Map<?, ?> object) {
      properties.forEach(
          (name, child) ->
              evaluateRules(
                  (Map<String, Object>) child, object.get(name), path + "." + name, problems));
    }
    Map<String, Object> items = (Map<String, Object>) schema.get("items");
    if (items != null && value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        evaluateRules(items, list.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  /** {@code /spec/triggers/0/name} as the API server writes it: {@code spec.triggers[0].name}. */
  static String fieldPath(String pointer) {
    StringBuilder path = new StringBuilder();
    for (String segment : pointer.replaceFirst("^[$/]+", "").split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.chars().allMatch(Character::isDigit)) {
        path.append('[').append(segment).append(']');
      } else {
        path.append(path.isEmpty() ? "" : ".").append(segment);
      }
    }
    return path.toString();
  }

  /** CEL wants longs for integers; YAML gives ints. */
  private static Object toCel(Object value) {
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, toCel(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Admission::toCel).toList();
    }
    return value;
  }

  /** The schema with additionalProperties: false on every closed object (strict validation). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> strict(Map<String, Object> schema, boolean root) {
    Map<String, Object> copy = new LinkedHashMap<>();
    schema.forEach(
        (key, value) -> {
          if (key.startsWith("x-kubernetes-")) {
            return;
          }
          if (key.equals("properties")) {
            Map<String, Object> properties = new LinkedHashMap<>();
            ((Map<String, Object>) value)
                .forEach(
                    (name, child) ->
                        properties.put(name, strict((Map<String, Object>) child, false)));
            if (root) {
              properties.put("apiVersion", Map.of("type", "string"));
              properties.put("kind", Map.of("type", "string"));
              properties.put("metadata", Map.of("type", "object"));
            }
            copy.put(key, properties);
          } else if (key.equals("items")) {
            copy.put(key, strict((Map<String, Object>) value, false));
          } else if (key.equals("additionalProperties") && value instanceof Map<?, ?> child) {
            copy.put(key, strict((Map<String, Object>) child, false));
          } else {
            copy.put(key, value);
          }
        });
    boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
    if ("object".equals(schema.get("type"))
        && schema.containsKey("properties")
        && !schema.containsKey("additionalProperties")
        && !preserve) {
      copy.put("additionalProperties", false);
    }
    return copy;
  }
}
