package dev.skyless.controller.testing;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * Stands in for Kubernetes' garbage collector on the mock server: when a Function is deleted, the
 * resources whose controller owner reference points at it are deleted too.
 */
public final class FakeGarbageCollector implements AutoCloseable {

  private final SharedIndexInformer<Function> informer;

  public FakeGarbageCollector(KubernetesClient client) {
    informer =
        client
            .resources(Function.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Function f) {}

                  @Override
                  public void onUpdate(Function old, Function f) {}

                  @Override
                  public void onDelete(Function f, boolean unknown) {
                    for (Class<? extends HasMetadata> type :
                        List.of(
                            Service.class,
                            KafkaSource.class,
                            KafkaSink.class,
                            Trigger.class,
                            io.fabric8.kubernetes.api.model.ServiceAccount.class)) {
                      client
                          .resources(type)
                          .inNamespace(f.getMetadata().getNamespace())
                          .list()
                          .getItems()
                          .stream()
                          .filter(
                              r ->
                                  r.getMetadata().getOwnerReferences().stream()
                                      .anyMatch(
                                          o ->
                                              Boolean.TRUE.equals(o.getController())
                                                  && o.getUid().equals(f.getMetadata().getUid())))
                          .forEach(r -> client.resource(r).delete());
                    }
                  }
                });
  }

  @Override
  public void close() {
    informer.close();
  }
}
