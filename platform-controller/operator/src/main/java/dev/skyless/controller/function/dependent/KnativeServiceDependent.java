package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.KnativeServiceModel;
import io.fabric8.knative.serving.v1.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The Function's Knative Service. */
public class KnativeServiceDependent extends ManagedChild<Service> {

  public KnativeServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(Function function, Context<Function> context) {
    DesiredState state = DesiredState.of(context);
    return ChildHash.stamp(
        KnativeServiceModel.desired(function, state.settings(), state.defaults()));
  }
}
