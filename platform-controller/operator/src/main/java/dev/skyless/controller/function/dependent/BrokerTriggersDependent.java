package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.EventWiringModel;
import io.fabric8.knative.eventing.v1.Trigger;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/** One Knative Trigger per Broker trigger. */
public class BrokerTriggersDependent extends CRUDKubernetesDependentResource<Trigger, Function>
    implements BulkDependentResource<Trigger, Function, ResourceID> {

  public BrokerTriggersDependent() {
    super(Trigger.class);
  }

  @Override
  public Map<ResourceID, Trigger> desiredResources(Function function, Context<Function> context) {
    return OwnedChildren.byId(EventWiringModel.brokerTriggers(function, Defaults.of(context)));
  }

  @Override
  public Map<ResourceID, Trigger> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(Trigger.class, function, context);
  }
}
