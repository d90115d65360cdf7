package dev.skyless.charts;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's model keeps fields it does not know in {@code additionalProperties} instead of failing;
 * this walks a deserialized resource and lists every such field with its path, so that a typo in a
 * template ({@code securityContex}) is a test failure.
 */
final class UnknownFields {

  private UnknownFields() {}

  static List<String> of(Object resource) {
    List<String> unknown = new ArrayList<>();
    walk(resource, "", unknown, new IdentityHashMap<>());
    return unknown;
  }

  private static void walk(
      Object value, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
    if (value == null || seen.put(value, true) != null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method method : value.getClass().getMethods()) {
      if (method.getParameterCount() != 0 || !method.getName().startsWith("get")) {
        continue;
      }
      if (method.getDeclaringClass() == Object.class) {
        continue;
      }
      try {
        Object child = method.invoke(value);
        if (method.getName().equals("getAdditionalProperties")) {
          if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(k -> unknown.add(path + "." + k));
          }
          continue;
        }
        String name = method.getName().substring(3);
        walk(
            child,
            path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1),
            unknown,
            seen);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a computed getter that does not apply: not a field
      }
    }
  }
}
