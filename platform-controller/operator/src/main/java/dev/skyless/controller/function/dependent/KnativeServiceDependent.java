package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.KnativeServiceModel;
import io.fabric8.knative.serving.v1.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The Function's Knative Service. */
public class KnativeServiceDependent extends CRUDKubernetesDependentResource<Service, Function> {

  public KnativeServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(Function function, Context<Function> context) {
    return KnativeServiceModel.desired(function, Defaults.of(context));
  }
}
