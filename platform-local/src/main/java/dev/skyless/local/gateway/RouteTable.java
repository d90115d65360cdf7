package dev.skyless.local.gateway;

import dev.skyless.contract.RoutePattern;
import dev.skyless.controller.function.model.FunctionSettings.CorsSettings;
import dev.skyless.local.function.LocalFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every Function's {@code spec.http.routes}, as {@code skyless dev} serves them at the gateway's
 * root: a request goes to the most specific route that takes its method and path ({@link
 * RoutePattern#bySpecificity}); a path that routes take, but not with this method, is 405 with
 * {@code Allow}.
 */
public final class RouteTable {

  /** A route of a function. */
  public record Entry(String function, RoutePattern route, Optional<CorsSettings> cors) {}

  /** Where a request goes. */
  public sealed interface Resolution {}

  /** To {@code entry}'s function, with the route's parameters. */
  public record Routed(Entry entry, Map<String, String> parameters) implements Resolution {}

  /** The path is routed, not for this method; {@code cors} of the first route that has it. */
  public record WrongMethod(List<String> allow, Optional<CorsSettings> cors)
      implements Resolution {}

  /** No route takes the path. */
  public record Unrouted() implements Resolution {}

  private final List<Entry> entries;

  public RouteTable(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> RoutePattern.bySpecificity(a.route(), b.route()));
    this.entries = List.copyOf(sorted);
  }

  /** The routes of {@code functions}; a route two of them claim alike is refused, naming both. */
  public static RouteTable of(List<LocalFunction> functions) {
    List<Entry> entries = new ArrayList<>();
    for (LocalFunction function : functions) {
      for (RoutePattern route : function.routes()) {
        for (Entry other : entries) {
          if (other.route().conflictsWith(route)) {
            throw new IllegalArgumentException(
                "Functions "
                    + other.function()
                    + " and "
                    + function.name()
                    + " both claim the route "
                    + route
                    + " ("
                    + other.route()
                    + "); on a cluster both would report RouteConflict");
          }
        }
        entries.add(new Entry(function.name(), route, function.cors()));
      }
    }
    return new RouteTable(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Where {@code method} {@code path} goes. */
  public Resolution resolve(String method, String path) {
    TreeSet<String> allow = new TreeSet<>();
    Optional<CorsSettings> cors = Optional.empty();
    for (Entry entry : entries) {
      Optional<Map<String, String>> parameters = entry.route().matchPath(path);
      if (parameters.isEmpty()) {
        continue;
      }
      if (entry.route().takes(method)) {
        return new Routed(entry, parameters.get());
      }
      entry
          .route()
          .method()
          .ifPresent(
              m -> {
                allow.add(m);
                if (m.equals("GET")) {
                  allow.add("HEAD");
                }
              });
      if (cors.isEmpty()) {
        cors = entry.cors();
      }
    }
    return allow.isEmpty() ? new Unrouted() : new WrongMethod(List.copyOf(allow), cors);
  }
}
