package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.contract.RoutePattern;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.model.FunctionSettings.CorsSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Function's {@code spec.http.routes} on the platform's Gateway: one HTTPRoute named after the
 * Function, attached to the Gateway the platform ConfigMap names, whose rule matches the routes (a
 * GET route HEAD too; more than 64 matches are split over rules alike). The rule sends to Knative's
 * ingress Service with the Host rewritten to the function's cluster-local name {@code
 * <function>.<namespace>}, as knative-extensions/net-gateway-api's own routes reach a Knative
 * Service, so Knative's activator still wakes a function scaled to zero. The short form of the name
 * is used on purpose: the runtime honours trigger tokens only for {@code .svc} hosts, and a public
 * route must never look like a dispatcher's call.
 *
 * <p>A route without parameters is an {@code Exact} match ({@code PathPrefix} with a trailing
 * {@code /*}); one with {@code {name}} segments a {@code RegularExpression} (RE2, support for which
 * is implementation-specific in Gateway API). With CORS the rule carries the CORS filter and also
 * matches {@code OPTIONS} on each path, so the Gateway answers preflights without the function. The
 * ingress lives in another namespace, so the backend reference needs a ReferenceGrant there ({@link
 * #referenceGrant}), shared by every Function of the namespace.
 */
public final class HttpRouteModel {

  static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
  static final int MATCHES_PER_RULE = 64;

  private HttpRouteModel() {}

  /** The HTTPRoute, by name; empty without routes. */
  public static Map<String, HTTPRoute> httpRoutes(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    Map<String, HTTPRoute> routes = new LinkedHashMap<>();
    if (settings.routes().isEmpty()) {
      return routes;
    }
    var routing = defaults.routing();
    List<HTTPRouteMatch> matches = matches(settings);
    List<HTTPRouteFilter> filters = new ArrayList<>();
    filters.add(
        new HTTPRouteFilterBuilder()
            .withType("URLRewrite")
            .withUrlRewrite(
                new HTTPURLRewriteFilterBuilder().withHostname(clusterLocalHost(function)).build())
            .build());
    settings.cors().ifPresent(cors -> filters.add(corsFilter(cors)));
    var parent =
        new ParentReferenceBuilder()
            .withGroup(GATEWAY_GROUP)
            .withKind("Gateway")
            .withName(routing.gatewayName().orElseThrow())
            .withNamespace(routing.gatewayNamespace());
    routing.listener().ifPresent(parent::withSectionName);
    HTTPRoute route =
        new HTTPRouteBuilder()
            .withMetadata(
                FunctionChildren.metadata(function, FunctionChildren.serviceName(function), null))
            .withNewSpec()
            .withParentRefs(parent.build())
            .withRules(rules(matches, filters, routing))
            .endSpec()
            .build();
    routes.put(route.getMetadata().getName(), route);
    return routes;
  }

  /**
   * Each route's match; a GET route also matches HEAD (as the runtime and the dev gateway serve
   * HEAD where GET goes), and with CORS each path also matches OPTIONS, once.
   */
  static List<HTTPRouteMatch> matches(FunctionSettings settings) {
    Set<HTTPRouteMatch> matches = new LinkedHashSet<>();
    for (RoutePattern route : settings.routes()) {
      matches.add(match(route, route.method()));
      if (route.method().equals(Optional.of("GET"))) {
        matches.add(match(route, Optional.of("HEAD")));
      }
    }
    if (settings.cors().isPresent()) {
      for (RoutePattern route : settings.routes()) {
        if (route.method().isPresent()) {
          matches.add(match(route, Optional.of("OPTIONS")));
        }
      }
    }
    return List.copyOf(matches);
  }

  /**
   * The matches in rules of at most {@value #MATCHES_PER_RULE} (Gateway API's limit per rule; 32
   * routes with HEAD and OPTIONS make 96, under its 128 per HTTPRoute), each rule with the same
   * filters and backend.
   */
  private static List<HTTPRouteRule> rules(
      List<HTTPRouteMatch> matches,
      List<HTTPRouteFilter> filters,
      PlatformDefaults.Routing routing) {
    List<HTTPRouteRule> rules = new ArrayList<>();
    for (int from = 0; from < matches.size(); from += MATCHES_PER_RULE) {
      rules.add(
          new HTTPRouteRuleBuilder()
              .withMatches(matches.subList(from, Math.min(matches.size(), from + MATCHES_PER_RULE)))
              .withFilters(filters)
              .withBackendRefs(
                  new HTTPBackendRefBuilder()
                      .withGroup("")
                      .withKind("Service")
                      .withName(routing.ingressService())
                      .withNamespace(routing.ingressNamespace())
                      .withPort(routing.ingressPort())
                      .build())
              .build());
    }
    return rules;
  }

  /** The Host the ingress knows the function by, inside the cluster. */
  static String clusterLocalHost(Function function) {
    return FunctionChildren.serviceName(function) + "." + function.getMetadata().getNamespace();
  }

  /**
   * The ReferenceGrant that lets HTTPRoutes of {@code namespace} send to Knative's ingress Service;
   * empty when the ingress is in that namespace. It lives in the ingress's namespace, so it cannot
   * be owned by a Function: the controller makes it for the first Function with routes there and
   * leaves it for the others.
   */
  public static Optional<ReferenceGrant> referenceGrant(
      String namespace, PlatformDefaults defaults) {
    var routing = defaults.routing();
    if (routing.ingressNamespace().equals(namespace)) {
      return Optional.empty();
    }
    return Optional.of(
        new ReferenceGrantBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(referenceGrantName(namespace))
                    .withNamespace(routing.ingressNamespace())
                    .withLabels(
                        Map.of(
                            FunctionChildren.MANAGED_BY,
                            "skyless",
                            "app.kubernetes.io/part-of",
                            "skyless",
                            "skyless.dev/routes-from",
                            namespace))
                    .build())
            .withNewSpec()
            .addNewFrom()
            .withGroup(GATEWAY_GROUP)
            .withKind("HTTPRoute")
            .withNamespace(namespace)
            .endFrom()
            .addNewTo()
            .withGroup("")
            .withKind("Service")
            .withName(routing.ingressService())
            .endTo()
            .endSpec()
            .build());
  }

  /** {@code skyless-routes-<namespace>}. */
  public static String referenceGrantName(String namespace) {
    return "skyless-routes-" + namespace;
  }

  private static HTTPRouteMatch match(RoutePattern route, Optional<String> method) {
    var path = new HTTPPathMatchBuilder();
    if (route.hasParameters()) {
      path.withType("RegularExpression").withValue(route.regex());
    } else if (route.rest()) {
      path.withType("PathPrefix").withValue(route.literalPath());
    } else {
      path.withType("Exact").withValue(route.literalPath());
    }
    var match = new HTTPRouteMatchBuilder().withPath(path.build());
    method.ifPresent(match::withMethod);
    return match.build();
  }

  private static HTTPRouteFilter corsFilter(CorsSettings cors) {
    var filter =
        new HTTPCORSFilterBuilder()
            .withAllowOrigins(cors.allowOrigins())
            .withAllowMethods(cors.allowMethods())
            .withMaxAge(cors.maxAgeSeconds());
    if (!cors.allowHeaders().isEmpty()) {
      filter.withAllowHeaders(cors.allowHeaders());
    }
    if (!cors.exposeHeaders().isEmpty()) {
      filter.withExposeHeaders(cors.exposeHeaders());
    }
    if (cors.allowCredentials()) {
      filter.withAllowCredentials(true);
    }
    return new HTTPRouteFilterBuilder().withType("CORS").withCors(filter.build()).build();
  }
}
