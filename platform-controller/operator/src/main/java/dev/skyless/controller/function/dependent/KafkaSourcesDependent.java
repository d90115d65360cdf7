package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.EventWiringModel;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/** One KafkaSource per Kafka trigger; a removed trigger's source is deleted. */
public class KafkaSourcesDependent extends CRUDKubernetesDependentResource<KafkaSource, Function>
    implements BulkDependentResource<KafkaSource, Function, ResourceID> {

  public KafkaSourcesDependent() {
    super(KafkaSource.class);
  }

  @Override
  public Map<ResourceID, KafkaSource> desiredResources(
      Function function, Context<Function> context) {
    return OwnedChildren.byId(EventWiringModel.kafkaSources(function, Defaults.of(context)));
  }

  @Override
  public Map<ResourceID, KafkaSource> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(KafkaSource.class, function, context);
  }
}
