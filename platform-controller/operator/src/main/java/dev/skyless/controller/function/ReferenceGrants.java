package dev.skyless.controller.function;

import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Makes the ReferenceGrant that lets a namespace's HTTPRoutes reach Knative's ingress Service. It
 * sits in the ingress's namespace and serves every Function of the route's namespace, so no
 * Function owns it: it is created or corrected here and left when Functions go (it allows no more
 * than routing to the ingress, which then routes by Host only to Knative Services).
 */
final class ReferenceGrants {

  private ReferenceGrants() {}

  static void ensure(KubernetesClient client, ReferenceGrant desired) {
    var resource =
        client
            .resources(ReferenceGrant.class)
            .inNamespace(desired.getMetadata().getNamespace())
            .withName(desired.getMetadata().getName());
    ReferenceGrant actual = resource.get();
    if (actual == null) {
      resource.create(desired);
    } else if (!Objects.equals(actual.getSpec(), desired.getSpec())) {
      actual.setSpec(desired.getSpec());
      client.resource(actual).update();
    }
  }
}
