package dev.skyless.cli.command;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Secrets and ConfigMaps a set of Functions reads: what the platform must provide on a cluster
 * (under {@code skyless dev}, the app's services do).
 */
record References(Set<String> secrets, Set<String> configMaps) {

  static References of(List<Function> functions) {
    Set<String> secrets = new TreeSet<>();
    Set<String> configMaps = new TreeSet<>();
    for (Function function : functions) {
      var spec = function.getSpec();
      if (spec.getEnv() != null) {
        for (EnvVar var : spec.getEnv()) {
          if (var.getValueFrom() == null) {
            continue;
          }
          if (var.getValueFrom().getSecretKeyRef() != null) {
            secrets.add(var.getValueFrom().getSecretKeyRef().getName());
          }
          if (var.getValueFrom().getConfigMapKeyRef() != null) {
            configMaps.add(var.getValueFrom().getConfigMapKeyRef().getName());
          }
        }
      }
      if (spec.getEnvFrom() != null) {
        for (EnvFromSource from : spec.getEnvFrom()) {
          if (from.getSecretRef() != null) {
            secrets.add(from.getSecretRef().getName());
          }
          if (from.getConfigMapRef() != null) {
            configMaps.add(from.getConfigMapRef().getName());
          }
        }
      }
    }
    return new References(secrets, configMaps);
  }

  /** One line naming them, if there are any. */
  Optional<String> describe() {
    if (secrets.isEmpty() && configMaps.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder line = new StringBuilder("the functions read");
    if (!secrets.isEmpty()) {
      line.append(" Secrets ").append(String.join(", ", secrets));
    }
    if (!configMaps.isEmpty()) {
      line.append(secrets.isEmpty() ? "" : " and").append(" ConfigMaps ");
      line.append(String.join(", ", configMaps));
    }
    return Optional.of(
        line.append(" in the namespace: the platform provides them (docs/dev-services.md)")
            .toString());
  }
}
