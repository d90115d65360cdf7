package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.EventWiringModel;
import io.fabric8.knative.eventing.v1.Trigger;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Objects;

/**
 * One Knative Trigger per Broker trigger. {@code broker} is immutable (knative/eventing {@code
 * pkg/apis/eventing/v1/trigger_validation.go}): another Broker replaces the Trigger.
 */
public class BrokerTriggersDependent extends ManagedChild<Trigger>
    implements BulkDependentResource<Trigger, Function, ResourceID> {

  public BrokerTriggersDependent() {
    super(Trigger.class);
  }

  @Override
  public Map<ResourceID, Trigger> desiredResources(Function function, Context<Function> context) {
    return OwnedChildren.byId(
        EventWiringModel.brokerTriggers(function, DesiredState.of(context).settings()));
  }

  @Override
  public Map<ResourceID, Trigger> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(Trigger.class, function, context);
  }

  @Override
  protected boolean mustReplace(Trigger actual, Trigger desired) {
    return !Objects.equals(actual.getSpec().getBroker(), desired.getSpec().getBroker());
  }
}
