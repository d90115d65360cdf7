package dev.skyless.controller.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The platform ConfigMap ({@code skyless-config}), read at most every 30 s: edits apply to the next
 * reconcile of each Function without a restart. A missing ConfigMap means the built-in defaults.
 */
public final class ConfigMapDefaults implements Supplier<PlatformDefaults> {

  private static final Duration TTL = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private PlatformDefaults cached;
  private Instant readAt = Instant.MIN;

  public ConfigMapDefaults(KubernetesClient client, String namespace, String name, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.clock = clock;
  }

  /**
   * @throws IllegalArgumentException when a value in the ConfigMap is invalid (names the key)
   */
  @Override
  public synchronized PlatformDefaults get() {
    if (cached == null || readAt.plus(TTL).isBefore(clock.instant())) {
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
      Map<String, String> data = map == null || map.getData() == null ? Map.of() : map.getData();
      cached = PlatformDefaults.fromConfigMap(data);
      readAt = clock.instant();
    }
    return cached;
  }
}
