package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keys the desired and actual children of a bulk dependent the same way: by ResourceID. */
public final class OwnedChildren {

  private OwnedChildren() {}

  static <R extends HasMetadata> Map<ResourceID, R> byId(Map<String, R> byName) {
    Map<ResourceID, R> byId = new LinkedHashMap<>();
    byName.values().forEach(r -> byId.put(ResourceID.fromResource(r), ChildHash.stamp(r)));
    return byId;
  }

  /** The children of {@code type} in the cache that this Function owns. */
  public static <R extends HasMetadata> Map<ResourceID, R> actual(
      Class<R> type, Function function, Context<Function> context) {
    Map<ResourceID, R> owned = new LinkedHashMap<>();
    context
        .getSecondaryResourcesAsStream(type)
        .filter(
            r ->
                r.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getUid().equals(function.getMetadata().getUid())))
        .forEach(r -> owned.put(ResourceID.fromResource(r), r));
    return owned;
  }
}
