package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.HttpRouteModel;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/**
 * The Function's HTTPRoute while it has {@code spec.http.routes} (none or one: a bulk dependent, so
 * removing the routes deletes it). Every field of an HTTPRoute may change in place.
 */
public class HttpRoutesDependent extends ManagedChild<HTTPRoute>
    implements BulkDependentResource<HTTPRoute, Function, ResourceID> {

  public HttpRoutesDependent() {
    super(HTTPRoute.class);
  }

  @Override
  public Map<ResourceID, HTTPRoute> desiredResources(Function function, Context<Function> context) {
    DesiredState state = DesiredState.of(context);
    return OwnedChildren.byId(
        HttpRouteModel.httpRoutes(function, state.settings(), state.defaults()));
  }

  @Override
  public Map<ResourceID, HTTPRoute> getSecondaryResources(
      Function function, Context<Function> context) {
    return OwnedChildren.actual(HTTPRoute.class, function, context);
  }

  @Override
  protected boolean mustReplace(HTTPRoute actual, HTTPRoute desired) {
    return false;
  }
}
