package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.EventWiringModel;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/** One KafkaSink per trigger, for its dead-letter topic. */
public class DeadLetterSinksDependent extends CRUDKubernetesDependentResource<KafkaSink, Function>
    implements BulkDependentResource<KafkaSink, Function, ResourceID> {

  public DeadLetterSinksDependent() {
    super(KafkaSink.class);
  }

  @Override
  public Map<ResourceID, KafkaSink> desiredResources(Function function, Context<Function> context) {
    return OwnedChildren.byId(EventWiringModel.deadLetterSinks(function, Defaults.of(context)));
  }

  @Override
  public Map<ResourceID, KafkaSink> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(KafkaSink.class, function, context);
  }
}
