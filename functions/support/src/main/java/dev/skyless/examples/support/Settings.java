package dev.skyless.examples.support;

import java.util.Map;

/** Reads a function's settings from its environment, naming the variable when one is missing. */
public record Settings(Map<String, String> env) {

  public static Settings fromEnvironment() {
    return new Settings(System.getenv());
  }

  /**
   * @throws IllegalStateException naming the variable when it is not set
   */
  public String required(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set");
    }
    return value;
  }

  public String optional(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
