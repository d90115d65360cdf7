package dev.skyless.controller.testing;

import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceStatusBuilder;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.knative.sources.v1beta1.KafkaSourceStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stands in for Knative's controllers on the mock server: marks every Service, KafkaSource, Trigger
 * and KafkaSink Ready (a Service also gets a URL and a ready revision), the way strimzi's
 * MockDeploymentController stands in for the Deployment controller.
 */
public final class FakeKnative implements AutoCloseable {

  private final KubernetesClient client;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  public FakeKnative(KubernetesClient client) {
    this.client = client;
    informers.add(watch(Service.class, this::serviceReady));
    informers.add(watch(KafkaSource.class, this::sourceReady));
    informers.add(
        watch(
            Trigger.class,
            t -> {
              if (t.getStatus() == null || t.getStatus().getConditions().isEmpty()) {
                t.setStatus(
                    new io.fabric8.knative.eventing.v1.TriggerStatusBuilder()
                        .withConditions(ready())
                        .build());
                client.resource(t).updateStatus();
              }
            }));
    informers.add(
        watch(
            KafkaSink.class,
            k -> {
              if (k.getStatus() == null || k.getStatus().getConditions().isEmpty()) {
                k.setStatus(
                    new io.fabric8.knative.eventing.v1alpha1.KafkaSinkStatusBuilder()
                        .withConditions(ready())
                        .build());
                client.resource(k).updateStatus();
              }
            }));
  }

  private void serviceReady(Service service) {
    if (service.getStatus() != null && !service.getStatus().getConditions().isEmpty()) {
      return;
    }
    String name = service.getMetadata().getName();
    service.setStatus(
        new ServiceStatusBuilder()
            .withConditions(ready())
            .withUrl("http://" + name + "." + service.getMetadata().getNamespace() + ".example.com")
            .withLatestReadyRevisionName(name + "-00001")
            .withLatestCreatedRevisionName(name + "-00001")
            .build());
    client.resource(service).updateStatus();
  }

  private void sourceReady(KafkaSource source) {
    if (source.getStatus() == null || source.getStatus().getConditions().isEmpty()) {
      source.setStatus(new KafkaSourceStatusBuilder().withConditions(ready()).build());
      client.resource(source).updateStatus();
    }
  }

  private static Condition ready() {
    return new ConditionBuilder().withType("Ready").withStatus("True").build();
  }

  private <R extends HasMetadata> SharedIndexInformer<R> watch(
      Class<R> type, Consumer<R> onChange) {
    return client
        .resources(type)
        .inAnyNamespace()
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(R resource) {
                onChange.accept(resource);
              }

              @Override
              public void onUpdate(R old, R resource) {
                onChange.accept(resource);
              }

              @Override
              public void onDelete(R resource, boolean unknown) {}
            });
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
