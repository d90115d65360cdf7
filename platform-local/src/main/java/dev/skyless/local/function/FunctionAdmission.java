package dev.skyless.local.function;

import dev.skyless.api.admission.CrdValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What a cluster's API server checks before it stores a Function, done by {@code skyless dev} on
 * what it reads: the Function CRD's schema (unknown fields included) and its CEL rules, from the
 * CRD this build generates. Without it a Function that a cluster refuses (a reserved trigger name,
 * a route with a bad method, two triggers of one name) would run under {@code skyless dev}.
 */
final class FunctionAdmission {

  private FunctionAdmission() {}

  /**
   * The reasons a cluster would refuse {@code function}, each as {@code field: reason}; empty when
   * it would be admitted.
   */
  static List<String> problems(Map<String, Object> function) {
    try {
      return Holder.VALIDATOR.check(function).stream()
          .map(problem -> problem.startsWith(".") ? problem.substring(1) : problem)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CRD is read and compiled once, on first use. */
  private static final class Holder {
    static final CrdValidator VALIDATOR;

    static {
      try {
        VALIDATOR = CrdValidator.forFunction();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
