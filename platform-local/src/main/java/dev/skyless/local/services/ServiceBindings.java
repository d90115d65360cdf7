package dev.skyless.local.services;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Secrets and ConfigMaps the dev services stand in for: what a function's {@code secretKeyRef},
 * {@code configMapKeyRef} and {@code envFrom} resolve to under {@code skyless dev}, in place of the
 * ones a cluster's platform provides.
 */
public final class ServiceBindings {

  /** A lookup's outcome: the value, or why there is none (one sentence). */
  public record Lookup(Optional<String> value, String missing) {
    static Lookup found(String value) {
      return new Lookup(Optional.of(value), "");
    }

    static Lookup notFound(String why) {
      return new Lookup(Optional.empty(), why);
    }
  }

  private final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();

  /** No services: every reference is unresolved. */
  public static ServiceBindings none() {
    return new ServiceBindings();
  }

  /** Adds a Secret's keys (a second call for the same name adds to it). */
  public synchronized ServiceBindings secret(String name, Map<String, String> data) {
    secrets.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(data);
    return this;
  }

  /** Adds a ConfigMap's keys. */
  public synchronized ServiceBindings configMap(String name, Map<String, String> data) {
    configMaps.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(data);
    return this;
  }

  public synchronized Lookup secretKey(String name, String key) {
    return lookup("Secret", secrets, name, key);
  }

  public synchronized Lookup configMapKey(String name, String key) {
    return lookup("ConfigMap", configMaps, name, key);
  }

  /** A whole Secret ({@code envFrom}), if a service provides it. */
  public synchronized Optional<Map<String, String>> secret(String name) {
    return Optional.ofNullable(secrets.get(name)).map(Map::copyOf);
  }

  /** A whole ConfigMap ({@code envFrom}), if a service provides it. */
  public synchronized Optional<Map<String, String>> configMap(String name) {
    return Optional.ofNullable(configMaps.get(name)).map(Map::copyOf);
  }

  private static Lookup lookup(
      String kind, Map<String, Map<String, String>> all, String name, String key) {
    Map<String, String> data = all.get(name);
    if (data == null) {
      return Lookup.notFound(
          "no dev service provides the "
              + kind
              + " "
              + name
              + (all.isEmpty()
                  ? " (declare one in skyless.yaml)"
                  : " (they provide: " + String.join(", ", new TreeSet<>(all.keySet())) + ")"));
    }
    String value = data.get(key);
    if (value == null) {
      return Lookup.notFound(
          "the "
              + kind
              + " "
              + name
              + " has no key '"
              + key
              + "' (it has: "
              + String.join(", ", new TreeSet<>(data.keySet()))
              + ")");
    }
    return Lookup.found(value);
  }
}
