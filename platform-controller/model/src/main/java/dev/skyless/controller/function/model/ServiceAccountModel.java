package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * The ServiceAccount made for a Function that names none: an identity of its own, so that RBAC and
 * workload identity (IRSA, GKE Workload Identity) can be granted per function, as a Lambda has its
 * own execution role. It mounts no API token unless the Function asks for one.
 */
public final class ServiceAccountModel {

  private ServiceAccountModel() {}

  /** The ServiceAccount of {@code function} (see {@link FunctionChildren#ownsServiceAccount}). */
  public static ServiceAccount desired(Function function) {
    return new ServiceAccountBuilder()
        .withMetadata(
            FunctionChildren.metadata(
                function, FunctionChildren.serviceAccountName(function), null))
        .withAutomountServiceAccountToken(
            Boolean.TRUE.equals(function.getSpec().getAutomountServiceAccountToken()))
        .build();
  }
}
