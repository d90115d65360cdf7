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
import io.fabric8.kubernetes.client.utils.Serialization;
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
    informers.add(
        watch(
            KafkaSource.class,
            k -> {
              if (behind(k, k.getStatus() == null ? null : k.getStatus().getObservedGeneration())) {
                k.setStatus(
                    new KafkaSourceStatusBuilder()
                        .withConditions(ready())
                        .withObservedGeneration(k.getMetadata().getGeneration())
                        .build());
                reportStatus(k);
              }
            }));
    informers.add(
        watch(
            Trigger.class,
            t -> {
              if (behind(t, t.getStatus() == null ? null : t.getStatus().getObservedGeneration())) {
                t.setStatus(
                    new io.fabric8.knative.eventing.v1.TriggerStatusBuilder()
                        .withConditions(ready())
                        .withObservedGeneration(t.getMetadata().getGeneration())
                        .build());
                reportStatus(t);
              }
            }));
    informers.add(
        watch(
            KafkaSink.class,
            k -> {
              if (behind(k, k.getStatus() == null ? null : k.getStatus().getObservedGeneration())) {
                var status =
                    new io.fabric8.knative.eventing.v1alpha1.KafkaSinkStatusBuilder()
                        .withConditions(ready())
                        .withObservedGeneration(k.getMetadata().getGeneration())
                        .build();
                // status.address.url, as eventing-kafka-broker reports a sink's address
                status.setAdditionalProperty(
                    "address",
                    java.util.Map.of(
                        "url",
                        "http://kafka-sink-ingress.knative-eventing.svc.cluster.local/"
                            + k.getMetadata().getNamespace()
                            + "/"
                            + k.getMetadata().getName()));
                k.setStatus(status);
                reportStatus(k);
              }
            }));
    watchSourcesAndRoutes();
  }

  /** PingSources become Ready; an HTTPRoute is accepted by its Gateway with its refs resolved. */
  private void watchSourcesAndRoutes() {
    informers.add(
        watch(
            io.fabric8.knative.sources.v1.PingSource.class,
            p -> {
              if (behind(p, p.getStatus() == null ? null : p.getStatus().getObservedGeneration())) {
                p.setStatus(
                    new io.fabric8.knative.sources.v1.PingSourceStatusBuilder()
                        .withConditions(ready())
                        .withObservedGeneration(p.getMetadata().getGeneration())
                        .build());
                reportStatus(p);
              }
            }));
    informers.add(
        watch(
            io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class,
            r -> {
              if (r.getStatus() != null
                  && r.getStatus().getParents() != null
                  && !r.getStatus().getParents().isEmpty()
                  && r.getStatus().getParents().getFirst().getConditions().stream()
                      .allMatch(
                          c ->
                              java.util.Objects.equals(
                                  c.getObservedGeneration(), r.getMetadata().getGeneration()))) {
                return;
              }
              var parent = r.getSpec().getParentRefs().getFirst();
              r.setStatus(
                  new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder()
                      .addNewParent()
                      .withControllerName("example.com/fake-gateway")
                      .withParentRef(parent)
                      .withConditions(
                          accepted("Accepted", r.getMetadata().getGeneration()),
                          accepted("ResolvedRefs", r.getMetadata().getGeneration()))
                      .endParent()
                      .build());
              reportStatus(r);
            }));
  }

  private static io.fabric8.kubernetes.api.model.Condition accepted(String type, Long generation) {
    return new io.fabric8.kubernetes.api.model.ConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(type)
        .withMessage("")
        .withObservedGeneration(generation)
        .withLastTransitionTime("2026-12-02T00:00:00Z")
        .build();
  }

  /**
   * Writes the status set on {@code resource} as a patch of the live object, so that a spec update
   * racing this one does not make it fail on a stale resourceVersion.
   */
  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> void reportStatus(R resource) {
    Object status = Serialization.jsonMapper().valueToTree(resource).get("status");
    try {
      client
          .resources((Class<R>) resource.getClass())
          .inNamespace(resource.getMetadata().getNamespace())
          .withName(resource.getMetadata().getName())
          .editStatus(
              live -> {
                R copy = Serialization.clone(live);
                var tree =
                    Serialization.jsonMapper()
                        .<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(copy);
                tree.set("status", (com.fasterxml.jackson.databind.JsonNode) status);
                return (R) Serialization.jsonMapper().convertValue(tree, resource.getClass());
              });
    } catch (RuntimeException e) {
      // Gone meanwhile, or changed again: the next event reports on the newer version.
    }
  }

  /** Whether Knative has not yet reported on this generation of the resource. */
  private static boolean behind(HasMetadata resource, Long observed) {
    Long generation = resource.getMetadata().getGeneration();
    return observed == null || (generation != null && observed < generation);
  }

  private void serviceReady(Service service) {
    if (!behind(
        service,
        service.getStatus() == null ? null : service.getStatus().getObservedGeneration())) {
      return;
    }
    String name = service.getMetadata().getName();
    long generation =
        service.getMetadata().getGeneration() == null ? 1 : service.getMetadata().getGeneration();
    String revision = String.format("%s-%05d", name, generation);
    service.setStatus(
        new ServiceStatusBuilder()
            .withConditions(ready())
            .withObservedGeneration(generation)
            .withUrl("http://" + name + "." + service.getMetadata().getNamespace() + ".example.com")
            .withLatestReadyRevisionName(revision)
            .withLatestCreatedRevisionName(revision)
            .build());
    reportStatus(service);
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
