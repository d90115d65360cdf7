package dev.skyless.controller.config;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The platform ConfigMap ({@code skyless-config}). Read when a reconcile needs it and cached until
 * it changes: an informer on the ConfigMap drops the cached defaults and reconciles every Function
 * again, so an edit (Kafka servers added, DLQ settings changed) applies at once without a restart.
 * A missing ConfigMap means the built-in defaults.
 */
public final class PlatformConfigMap implements Supplier<PlatformDefaults> {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private PlatformDefaults cached;
  private long version;

  public PlatformConfigMap(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /**
   * @throws IllegalArgumentException when a value in the ConfigMap is invalid (names the key)
   */
  @Override
  public PlatformDefaults get() {
    long readFor;
    synchronized (this) {
      if (cached != null) {
        return cached;
      }
      readFor = version;
    }
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    Map<String, String> data = map == null || map.getData() == null ? Map.of() : map.getData();
    PlatformDefaults defaults = PlatformDefaults.fromConfigMap(data);
    synchronized (this) {
      // A change seen while reading: the next get reads again instead of keeping this copy.
      if (version == readFor) {
        cached = defaults;
      }
    }
    return defaults;
  }

  /** Forgets the cached defaults; the next {@link #get} reads the ConfigMap again. */
  public synchronized void invalidate() {
    cached = null;
    version++;
  }

  /** Watches the ConfigMap; any change to it maps to every Function. */
  public InformerEventSource<ConfigMap, Function> eventSource(
      EventSourceContext<Function> context) {
    var configuration =
        InformerEventSourceConfiguration.from(ConfigMap.class, Function.class)
            .withName("platform-configmap")
            .withNamespaces(Set.of(namespace))
            .withGenericFilter(map -> name.equals(map.getMetadata().getName()))
            .withSecondaryToPrimaryMapper(
                map -> {
                  invalidate();
                  return context
                      .getPrimaryCache()
                      .list()
                      .map(ResourceID::fromResource)
                      .collect(Collectors.toSet());
                })
            .build();
    return new InformerEventSource<>(configuration, context);
  }
}
