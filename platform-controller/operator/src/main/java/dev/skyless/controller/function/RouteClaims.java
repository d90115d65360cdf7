package dev.skyless.controller.function;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.contract.RoutePattern;
import dev.skyless.controller.function.model.FunctionStatusModel;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Routes two Functions claim alike (the same method and path template) on the platform's one
 * Gateway. Each of them gets {@code RoutesReady=False, reason RouteConflict} naming the other; the
 * Gateway itself serves the older HTTPRoute's (Gateway API's conflict rule). A change to one
 * Function's spec reconciles the Functions it conflicts with, or did, so both conditions follow.
 */
public final class RouteClaims {

  private RouteClaims() {}

  /** One phrase per route of {@code function} that another Function also claims. */
  static List<String> conflicts(
      Function function, List<RoutePattern> routes, Stream<Function> others) {
    List<String> found = new ArrayList<>();
    if (routes.isEmpty()) {
      return found;
    }
    others
        .filter(o -> !Objects.equals(o.getMetadata().getUid(), function.getMetadata().getUid()))
        .sorted(
            java.util.Comparator.comparing((Function o) -> o.getMetadata().getNamespace())
                .thenComparing(o -> o.getMetadata().getName()))
        .forEach(
            other -> {
              for (RoutePattern theirs : routesOf(other)) {
                for (RoutePattern mine : routes) {
                  if (mine.conflictsWith(theirs)) {
                    found.add(
                        mine
                            + " is also claimed by Function "
                            + other.getMetadata().getNamespace()
                            + "/"
                            + other.getMetadata().getName()
                            + " ("
                            + theirs
                            + "); the Gateway serves the older HTTPRoute's");
                  }
                }
              }
            });
    return found;
  }

  /** A Function's routes as far as they parse (one that does not is reported on its own). */
  static List<RoutePattern> routesOf(Function function) {
    List<RoutePattern> routes = new ArrayList<>();
    if (function.getSpec() == null || function.getSpec().getHttp() == null) {
      return routes;
    }
    for (var route : function.getSpec().getHttp().getRoutes()) {
      try {
        routes.add(RoutePattern.of(route.getMethod(), route.getPath()));
      } catch (IllegalArgumentException e) {
        // reported in that Function's own status
      }
    }
    return routes;
  }

  /**
   * Watches Functions for spec changes, creations and deletions, and maps each to the Functions
   * that claim one of its routes or that report a conflict with it.
   */
  static InformerEventSource<Function, Function> eventSource(EventSourceContext<Function> context) {
    var configuration =
        InformerEventSourceConfiguration.from(Function.class, Function.class)
            .withName("route-claims")
            .withOnUpdateFilter(
                (updated, old) ->
                    !Objects.equals(
                        updated.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(changed -> related(changed, context))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static Set<ResourceID> related(Function changed, EventSourceContext<Function> context) {
    List<RoutePattern> routes = routesOf(changed);
    String name = changed.getMetadata().getNamespace() + "/" + changed.getMetadata().getName();
    return context
        .getPrimaryCache()
        .list()
        .filter(o -> !Objects.equals(o.getMetadata().getUid(), changed.getMetadata().getUid()))
        .filter(
            other ->
                routesOf(other).stream().anyMatch(r -> routes.stream().anyMatch(r::conflictsWith))
                    || reportsConflictWith(other, name))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static boolean reportsConflictWith(Function other, String name) {
    return other.getStatus() != null
        && other.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    FunctionStatusModel.ROUTES_READY.equals(c.getType())
                        && "RouteConflict".equals(c.getReason())
                        && c.getMessage() != null
                        && c.getMessage().contains("Function " + name + " "));
  }
}
