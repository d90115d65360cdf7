package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.EventWiringModel;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Objects;

/**
 * The KafkaSinks: one per trigger for its dead-letter topic, and the intake sinks of schedule
 * triggers and {@code spec.async} ({@link EventWiringModel#intakeSinks}). {@code topic}, {@code
 * numPartitions} and {@code replicationFactor} are immutable (eventing-kafka-broker {@code
 * control-plane/pkg/apis/eventing/v1alpha1/kafka_sink_validation.go}): a new dead-letter topic
 * replaces the sink. The topic itself is not the sink's and survives it.
 */
public class KafkaSinksDependent extends ManagedChild<KafkaSink>
    implements BulkDependentResource<KafkaSink, Function, ResourceID> {

  public KafkaSinksDependent() {
    super(KafkaSink.class);
  }

  @Override
  public Map<ResourceID, KafkaSink> desiredResources(Function function, Context<Function> context) {
    DesiredState state = DesiredState.of(context);
    return OwnedChildren.byId(
        EventWiringModel.kafkaSinks(function, state.settings(), state.defaults()));
  }

  @Override
  public Map<ResourceID, KafkaSink> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(KafkaSink.class, function, context);
  }

  @Override
  protected boolean mustReplace(KafkaSink actual, KafkaSink desired) {
    return !Objects.equals(actual.getSpec().getTopic(), desired.getSpec().getTopic())
        || !Objects.equals(
            actual.getSpec().getNumPartitions(), desired.getSpec().getNumPartitions())
        || !Objects.equals(
            actual.getSpec().getReplicationFactor(), desired.getSpec().getReplicationFactor());
  }
}
