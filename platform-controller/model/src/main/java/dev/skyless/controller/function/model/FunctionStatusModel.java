package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionStatus;
import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The Function's status, derived from its children: {@code ServiceReady} from the Knative Service,
 * {@code TriggersReady} from its KafkaSources, Triggers and dead-letter sinks, {@code Ready} from
 * both; or {@code Ready=False} with the reason that stops it (InvalidSpec, a missing prerequisite).
 * A condition keeps its lastTransitionTime while its status does not change.
 */
public final class FunctionStatusModel {

  public static final String READY = "Ready";
  public static final String SERVICE_READY = "ServiceReady";
  public static final String TRIGGERS_READY = "TriggersReady";
  public static final String ROUTES_READY = "RoutesReady";

  /**
   * What is known of the Function's routes.
   *
   * @param routes how many it declares
   * @param conflicts one phrase per route another Function also claims, naming that Function
   * @param gateway the HTTPRoute's status for the platform's Gateway ({@code status.parents[]});
   *     empty until the Gateway reports
   * @param gatewayName {@code <namespace>/<name>}, for messages
   */
  public record Routes(
      int routes,
      List<String> conflicts,
      Optional<List<io.fabric8.kubernetes.api.model.Condition>> gateway,
      String gatewayName) {

    public static final Routes NONE = new Routes(0, List.of(), Optional.empty(), "");
  }

  private FunctionStatusModel() {}

  /**
   * A child's readiness, as its Knative Ready condition says. A child whose status describes an
   * older generation than its spec ({@code status.observedGeneration < metadata.generation}) is
   * stale: its conditions say nothing about the current spec yet.
   */
  public record Child(
      String kind,
      String name,
      Long generation,
      Long observedGeneration,
      List<Condition> conditions) {

    public Child(String kind, String name, List<Condition> conditions) {
      this(kind, name, null, null, conditions);
    }

    boolean stale() {
      return generation != null && (observedGeneration == null || observedGeneration < generation);
    }

    Optional<Condition> ready() {
      if (stale() || conditions == null) {
        return Optional.empty();
      }
      return conditions.stream().filter(c -> READY.equals(c.getType())).findFirst();
    }
  }

  /** The status once the children exist (or are being made). */
  public static FunctionStatus observed(
      Function function,
      Optional<Service> service,
      Collection<Child> triggerChildren,
      int triggers,
      Optional<String> asyncUrl,
      Routes routes,
      Instant now) {
    FunctionStatus previous = function.getStatus();
    FunctionStatus status = new FunctionStatus();
    status.setObservedGeneration(function.getMetadata().getGeneration());

    Condition serviceReady =
        service.flatMap(FunctionStatusModel::serviceChild).flatMap(Child::ready).orElse(null);
    boolean serviceStale =
        service.flatMap(FunctionStatusModel::serviceChild).map(Child::stale).orElse(false);
    io.fabric8.kubernetes.api.model.Condition serviceCondition;
    if (serviceReady == null && serviceStale) {
      serviceCondition =
          condition(
              SERVICE_READY,
              "Unknown",
              "Updating",
              "Knative has not yet reported on the latest change to the Service");
    } else if (serviceReady == null) {
      serviceCondition =
          condition(SERVICE_READY, "Unknown", "Deploying", "the Knative Service is being created");
    } else if ("True".equals(serviceReady.getStatus())) {
      serviceCondition =
          condition(SERVICE_READY, "True", "ServiceReady", "the Knative Service is ready");
      status.setUrl(service.get().getStatus().getUrl());
      status.setLatestReadyRevision(service.get().getStatus().getLatestReadyRevisionName());
    } else {
      serviceCondition =
          condition(
              SERVICE_READY,
              serviceReady.getStatus(),
              serviceReady.getReason() == null ? "ServiceNotReady" : serviceReady.getReason(),
              serviceReady.getMessage() == null
                  ? "the Knative Service is not ready"
                  : serviceReady.getMessage());
    }
    if (status.getUrl() == null && previous != null) {
      status.setUrl(previous.getUrl());
      status.setLatestReadyRevision(previous.getLatestReadyRevision());
    }

    asyncUrl.ifPresent(status::setAsyncUrl);

    io.fabric8.kubernetes.api.model.Condition triggersCondition =
        triggers(triggerChildren, triggers);
    io.fabric8.kubernetes.api.model.Condition routesCondition = routes(routes);
    io.fabric8.kubernetes.api.model.Condition ready;
    if ("True".equals(serviceCondition.getStatus())
        && "True".equals(triggersCondition.getStatus())
        && "True".equals(routesCondition.getStatus())) {
      ready = condition(READY, "True", "Ready", "serving at " + status.getUrl());
    } else if ("False".equals(serviceCondition.getStatus())) {
      ready =
          condition(READY, "False", serviceCondition.getReason(), serviceCondition.getMessage());
    } else if ("False".equals(triggersCondition.getStatus())) {
      ready =
          condition(READY, "False", triggersCondition.getReason(), triggersCondition.getMessage());
    } else if ("False".equals(routesCondition.getStatus())) {
      ready = condition(READY, "False", routesCondition.getReason(), routesCondition.getMessage());
    } else {
      ready =
          condition(
              READY, "Unknown", "NotReady", "waiting for the service, its triggers and its routes");
    }
    status.setConditions(
        stamp(
            List.of(ready, serviceCondition, triggersCondition, routesCondition),
            previous,
            function,
            now));
    return status;
  }

  /** Whether {@code status} says Ready=True. */
  public static boolean isReady(FunctionStatus status) {
    return status.getConditions().stream()
        .anyMatch(c -> READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The status when something stops the Function before its children can be made. */
  public static FunctionStatus blocked(
      Function function, String reason, String message, Instant now) {
    FunctionStatus status = new FunctionStatus();
    status.setObservedGeneration(function.getMetadata().getGeneration());
    FunctionStatus previous = function.getStatus();
    if (previous != null) {
      status.setUrl(previous.getUrl());
      status.setLatestReadyRevision(previous.getLatestReadyRevision());
    }
    status.setConditions(
        stamp(
            List.of(
                condition(READY, "False", reason, message),
                condition(SERVICE_READY, "Unknown", reason, message),
                condition(TRIGGERS_READY, "Unknown", reason, message),
                condition(ROUTES_READY, "Unknown", reason, message)),
            previous,
            function,
            now));
    return status;
  }

  private static io.fabric8.kubernetes.api.model.Condition routes(Routes routes) {
    if (routes.routes() == 0) {
      return condition(ROUTES_READY, "True", "NoRoutes", "no routes on the platform's Gateway");
    }
    if (!routes.conflicts().isEmpty()) {
      return condition(
          ROUTES_READY, "False", "RouteConflict", String.join("; ", routes.conflicts()));
    }
    if (routes.gateway().isEmpty()) {
      return condition(
          ROUTES_READY,
          "Unknown",
          "Provisioning",
          "waiting for Gateway " + routes.gatewayName() + " to accept the HTTPRoute");
    }
    List<io.fabric8.kubernetes.api.model.Condition> conditions = routes.gateway().get();
    for (String type : List.of("Accepted", "ResolvedRefs")) {
      var found = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
      if (found.isPresent() && "False".equals(found.get().getStatus())) {
        return condition(
            ROUTES_READY,
            "False",
            found.get().getReason() == null ? "Route" + type + "False" : found.get().getReason(),
            "Gateway " + routes.gatewayName() + ": " + found.get().getMessage());
      }
      if (found.isEmpty() || !"True".equals(found.get().getStatus())) {
        return condition(
            ROUTES_READY,
            "Unknown",
            "Provisioning",
            "waiting for Gateway " + routes.gatewayName() + " to accept the HTTPRoute");
      }
    }
    return condition(
        ROUTES_READY,
        "True",
        "RoutesReady",
        routes.routes() + " route(s) on Gateway " + routes.gatewayName());
  }

  private static io.fabric8.kubernetes.api.model.Condition triggers(
      Collection<Child> children, int triggers) {
    if (triggers == 0) {
      return condition(
          TRIGGERS_READY, "True", "NoTriggers", "the function is reached over HTTP only");
    }
    List<String> waiting = new ArrayList<>();
    for (Child child : children) {
      Optional<Condition> ready = child.ready();
      if (ready.isPresent() && "False".equals(ready.get().getStatus())) {
        return condition(
            TRIGGERS_READY,
            "False",
            ready.get().getReason() == null ? child.kind() + "NotReady" : ready.get().getReason(),
            child.kind() + " " + child.name() + ": " + ready.get().getMessage());
      }
      if (ready.isEmpty() || !"True".equals(ready.get().getStatus())) {
        waiting.add(child.kind() + " " + child.name());
      }
    }
    if (!waiting.isEmpty()) {
      return condition(
          TRIGGERS_READY, "Unknown", "Provisioning", "waiting for " + String.join(", ", waiting));
    }
    return condition(TRIGGERS_READY, "True", "TriggersReady", triggers + " trigger(s) ready");
  }

  private static List<io.fabric8.kubernetes.api.model.Condition> stamp(
      List<io.fabric8.kubernetes.api.model.Condition> conditions,
      FunctionStatus previous,
      Function function,
      Instant now) {
    for (var condition : conditions) {
      condition.setObservedGeneration(function.getMetadata().getGeneration());
      String since = now.toString();
      if (previous != null) {
        for (var old : previous.getConditions()) {
          if (old.getType().equals(condition.getType())
              && old.getStatus().equals(condition.getStatus())
              && old.getLastTransitionTime() != null) {
            since = old.getLastTransitionTime();
          }
        }
      }
      condition.setLastTransitionTime(since);
    }
    return conditions;
  }

  private static Optional<Child> serviceChild(Service s) {
    return Optional.of(
        new Child(
            "Service",
            s.getMetadata().getName(),
            s.getMetadata().getGeneration(),
            s.getStatus() == null ? null : s.getStatus().getObservedGeneration(),
            conditionsOf(s)));
  }

  private static List<Condition> conditionsOf(Service service) {
    return service.getStatus() == null ? List.of() : service.getStatus().getConditions();
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(
      String type, String status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
