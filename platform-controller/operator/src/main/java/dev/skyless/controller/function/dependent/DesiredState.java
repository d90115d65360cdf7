package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.model.FunctionSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the current reconcile builds from: the platform defaults and the Function's effective
 * settings, resolved once by the reconciler and put in the context for the dependents.
 */
public record DesiredState(PlatformDefaults defaults, FunctionSettings settings) {

  public static final String KEY = "skyless.desiredState";

  static DesiredState of(Context<Function> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, DesiredState.class);
  }
}
