package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.EventWiringModel;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Objects;

/**
 * One KafkaSource per Kafka trigger; a removed trigger's source is deleted. {@code consumerGroup}
 * is immutable (eventing-kafka-broker {@code control-plane/pkg/apis/sources/v1beta1/
 * kafka_validation.go}): a new group replaces the source, and the new group starts where {@code
 * initialOffset} says (Knative deletes the old group's offsets with the old source).
 */
public class KafkaSourcesDependent extends ManagedChild<KafkaSource>
    implements BulkDependentResource<KafkaSource, Function, ResourceID> {

  public KafkaSourcesDependent() {
    super(KafkaSource.class);
  }

  @Override
  public Map<ResourceID, KafkaSource> desiredResources(
      Function function, Context<Function> context) {
    DesiredState state = DesiredState.of(context);
    return OwnedChildren.byId(
        EventWiringModel.kafkaSources(function, state.settings(), state.defaults()));
  }

  @Override
  public Map<ResourceID, KafkaSource> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(KafkaSource.class, function, context);
  }

  @Override
  protected boolean mustReplace(KafkaSource actual, KafkaSource desired) {
    return !Objects.equals(
        actual.getSpec().getConsumerGroup(), desired.getSpec().getConsumerGroup());
  }
}
