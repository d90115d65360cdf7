package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.EventWiringModel;
import io.fabric8.knative.sources.v1.PingSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/**
 * One PingSource per schedule trigger, sending to the trigger's intake KafkaSink; a removed
 * schedule's source is deleted. Every field of a PingSource may change in place.
 */
public class PingSourcesDependent extends ManagedChild<PingSource>
    implements BulkDependentResource<PingSource, Function, ResourceID> {

  public PingSourcesDependent() {
    super(PingSource.class);
  }

  @Override
  public Map<ResourceID, PingSource> desiredResources(
      Function function, Context<Function> context) {
    return OwnedChildren.byId(
        EventWiringModel.pingSources(function, DesiredState.of(context).settings()));
  }

  @Override
  public Map<ResourceID, PingSource> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(PingSource.class, function, context);
  }

  @Override
  protected boolean mustReplace(PingSource actual, PingSource desired) {
    return false;
  }
}
