package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The platform defaults of the current reconcile, put in the context by the reconciler. */
public final class Defaults {

  public static final String KEY = "skyless.platformDefaults";

  private Defaults() {}

  static PlatformDefaults of(Context<Function> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, PlatformDefaults.class);
  }
}
