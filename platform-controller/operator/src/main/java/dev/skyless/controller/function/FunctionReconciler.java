package dev.skyless.controller.function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionStatus;
import dev.skyless.contract.AsyncInvocations;
import dev.skyless.controller.config.PlatformConfigMap;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.dependent.BrokerTriggersDependent;
import dev.skyless.controller.function.dependent.DesiredState;
import dev.skyless.controller.function.dependent.HttpRoutesDependent;
import dev.skyless.controller.function.dependent.KafkaSinksDependent;
import dev.skyless.controller.function.dependent.KafkaSourcesDependent;
import dev.skyless.controller.function.dependent.KnativeServiceDependent;
import dev.skyless.controller.function.dependent.OwnedChildren;
import dev.skyless.controller.function.dependent.PingSourcesDependent;
import dev.skyless.controller.function.dependent.ServiceAccountDependent;
import dev.skyless.controller.function.model.EventWiringModel;
import dev.skyless.controller.function.model.FunctionSettings;
import dev.skyless.controller.function.model.FunctionStatusModel;
import dev.skyless.controller.function.model.FunctionStatusModel.Child;
import dev.skyless.controller.function.model.HttpRouteModel;
import dev.skyless.controller.function.model.InvalidSpecException;
import dev.skyless.controller.function.model.KnativeServiceModel;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a Function's children match its spec and reports their state. The children are JOSDK
 * dependents (one class per kind; sources and triggers wait for the service and the dead-letter
 * sinks); this class checks what must hold first, makes sure the dead-letter topics exist, and
 * derives the status. Changes to the platform ConfigMap reconcile every Function again.
 */
@ControllerConfiguration(name = "function")
@Workflow(
    explicitInvocation = true,
    dependents = {
      // No dependsOn: a precondition that is not met would hold back the Service too. Pods wait
      // for their ServiceAccount by themselves (the ReplicaSet retries).
      @Dependent(
          name = "service-account",
          type = ServiceAccountDependent.class,
          reconcilePrecondition = ServiceAccountDependent.OwnServiceAccount.class),
      @Dependent(name = "service", type = KnativeServiceDependent.class),
      @Dependent(name = "kafka-sinks", type = KafkaSinksDependent.class),
      @Dependent(
          name = "kafka-sources",
          type = KafkaSourcesDependent.class,
          dependsOn = {"service", "kafka-sinks"}),
      @Dependent(
          name = "broker-triggers",
          type = BrokerTriggersDependent.class,
          dependsOn = {"service", "kafka-sinks"}),
      @Dependent(
          name = "ping-sources",
          type = PingSourcesDependent.class,
          dependsOn = {"kafka-sinks", "kafka-sources"}),
      @Dependent(name = "http-routes", type = HttpRoutesDependent.class, dependsOn = "service")
    })
public class FunctionReconciler implements Reconciler<Function> {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);

  private final PlatformConfigMap platformConfig;
  private final Prerequisites prerequisites;
  private final DeadLetterTopics topics;
  private final FunctionEvents events;
  private final byte[] triggerKey;
  private final Clock clock;
  private final Duration recheck;

  public FunctionReconciler(
      PlatformConfigMap platformConfig,
      Prerequisites prerequisites,
      DeadLetterTopics topics,
      FunctionEvents events,
      byte[] triggerKey,
      Clock clock,
      Duration recheck) {
    this.platformConfig = platformConfig;
    this.prerequisites = prerequisites;
    this.topics = topics;
    this.events = events;
    this.triggerKey = triggerKey.clone();
    this.clock = clock;
    this.recheck = recheck;
  }

  @Override
  public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
    return List.of(platformConfig.eventSource(context), RouteClaims.eventSource(context));
  }

  @Override
  public UpdateControl<Function> reconcile(Function function, Context<Function> context) {
    var missing = prerequisites.missingFor(function);
    if (missing.isPresent()) {
      return withStatus(
              context, function, blocked(function, missing.get().reason(), missing.get().message()))
          .rescheduleAfter(recheck);
    }
    PlatformDefaults platform;
    try {
      platform = platformConfig.get();
    } catch (IllegalArgumentException e) {
      return withStatus(
              context,
              function,
              blocked(
                  function,
                  "InvalidPlatformConfig",
                  "the platform ConfigMap is invalid: " + e.getMessage()))
          .rescheduleAfter(recheck);
    }
    FunctionSettings settings;
    try {
      settings = FunctionSettings.of(function, platform, triggerKey);
      checkBuildable(function, settings, platform);
    } catch (InvalidSpecException e) {
      return withStatus(context, function, blocked(function, "InvalidSpec", e.getMessage()));
    }
    if (platform.createDeadLetterTopics() && !settings.triggers().isEmpty()) {
      topics.ensure(platform, topicsToMake(settings));
    }
    if (!settings.routes().isEmpty()) {
      HttpRouteModel.referenceGrant(settings.namespace(), platform)
          .ifPresent(grant -> ReferenceGrants.ensure(context.getClient(), grant));
    }
    var workflow = context.managedWorkflowAndDependentResourceContext();
    workflow.put(DesiredState.KEY, new DesiredState(platform, settings));
    workflow.reconcileManagedWorkflow().throwAggregateExceptionIfErrorsPresent();

    List<Child> children = new ArrayList<>();
    addChildren(children, context, KafkaSource.class, function);
    addChildren(children, context, Trigger.class, function);
    addChildren(children, context, KafkaSink.class, function);
    addChildren(children, context, PingSource.class, function);
    FunctionStatus status =
        FunctionStatusModel.observed(
            function,
            context.getSecondaryResource(Service.class),
            children,
            settings.triggers().size(),
            asyncUrl(context, function, settings),
            routes(context, function, settings, platform),
            clock.instant());
    UpdateControl<Function> control = withStatus(context, function, status);
    // Children still converging are looked at again even if an event is missed.
    return FunctionStatusModel.isReady(status) ? control : control.rescheduleAfter(recheck);
  }

  /**
   * Errors the workflow could not get past: one sentence in the status, the whole failure in the
   * log and in an Event on the Function; JOSDK retries with capped backoff.
   */
  @Override
  public ErrorStatusUpdateControl<Function> updateErrorStatus(
      Function function, Context<Function> context, Exception e) {
    String sentence = FailureMessages.sentence(e);
    LOG.warn(
        "reconciling Function {}/{} failed: {}",
        function.getMetadata().getNamespace(),
        function.getMetadata().getName(),
        sentence,
        e);
    if (!sentence.equals(readyMessage(function))) {
      // One Event per new failure, not one per retry.
      events.warn(function, "ReconcileError", sentence);
    }
    write(context, function, blocked(function, "ReconcileError", sentence));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private static String readyMessage(Function function) {
    return function.getStatus() == null
        ? null
        : function.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(io.fabric8.kubernetes.api.model.Condition::getMessage)
            .findFirst()
            .orElse(null);
  }

  /**
   * The topics the controller makes: every trigger's dead-letter topic, and the topics schedule
   * firings and async calls pass through (their KafkaSinks leave topic creation to us, as for dead
   * letters, so a topic outlives a replaced sink).
   */
  static List<String> topicsToMake(FunctionSettings settings) {
    List<String> names = new ArrayList<>();
    for (var trigger : settings.triggers()) {
      names.add(trigger.deadLetterTopic());
      trigger.schedule().ifPresent(s -> names.add(s.topic()));
    }
    settings.async().ifPresent(a -> names.add(a.topic()));
    return names;
  }

  /** The address of the async intake sink, once Knative reports it. */
  private static Optional<String> asyncUrl(
      Context<Function> context, Function function, FunctionSettings settings) {
    if (settings.async().isEmpty()) {
      return Optional.empty();
    }
    String name = EventWiringModel.intakeSinkName(function, AsyncInvocations.TRIGGER);
    return OwnedChildren.actual(KafkaSink.class, function, context).values().stream()
        .filter(s -> name.equals(s.getMetadata().getName()))
        .findFirst()
        .map(
            s ->
                Serialization.jsonMapper()
                    .valueToTree(s)
                    .path("status")
                    .path("address")
                    .path("url"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText);
  }

  /** What the Gateway says of the HTTPRoute, and the routes other Functions claim too. */
  private static FunctionStatusModel.Routes routes(
      Context<Function> context,
      Function function,
      FunctionSettings settings,
      PlatformDefaults platform) {
    if (settings.routes().isEmpty()) {
      return FunctionStatusModel.Routes.NONE;
    }
    var routing = platform.routing();
    String gateway = routing.gatewayNamespace() + "/" + routing.gatewayName().orElse("");
    List<String> conflicts =
        RouteClaims.conflicts(function, settings.routes(), context.getPrimaryCache().list());
    Optional<List<io.fabric8.kubernetes.api.model.Condition>> parent =
        OwnedChildren.actual(HTTPRoute.class, function, context).values().stream()
            .findFirst()
            .filter(r -> r.getStatus() != null && r.getStatus().getParents() != null)
            .flatMap(
                r ->
                    r.getStatus().getParents().stream()
                        .filter(
                            p ->
                                p.getParentRef() != null
                                    && Objects.equals(
                                        p.getParentRef().getName(),
                                        routing.gatewayName().orElse(null)))
                        .findFirst())
            .map(p -> p.getConditions());
    return new FunctionStatusModel.Routes(settings.routes().size(), conflicts, parent, gateway);
  }

  /** Builds every child once, so a spec that cannot be built is reported before anything runs. */
  private static void checkBuildable(
      Function function, FunctionSettings settings, PlatformDefaults platform) {
    KnativeServiceModel.desired(function, settings, platform);
    EventWiringModel.kafkaSinks(function, settings, platform);
    EventWiringModel.kafkaSources(function, settings, platform);
    EventWiringModel.brokerTriggers(function, settings);
    EventWiringModel.pingSources(function, settings);
    HttpRouteModel.httpRoutes(function, settings, platform);
  }

  private FunctionStatus blocked(Function function, String reason, String message) {
    return FunctionStatusModel.blocked(function, reason, message, clock.instant());
  }

  private static UpdateControl<Function> withStatus(
      Context<Function> context, Function function, FunctionStatus status) {
    write(context, function, status);
    return UpdateControl.noUpdate();
  }

  /**
   * Writes the whole status onto the live Function. JOSDK's own status patch (without server-side
   * apply) is a diff against the copy this reconcile started from, which can be older than the live
   * status: a condition equal in both copies would then be left as the live one says. Editing the
   * live object writes exactly this status.
   */
  private static void write(Context<Function> context, Function function, FunctionStatus status) {
    function.setStatus(status);
    var live =
        context
            .getClient()
            .resources(Function.class)
            .inNamespace(function.getMetadata().getNamespace())
            .withName(function.getMetadata().getName());
    for (int attempt = 1; ; attempt++) {
      try {
        live.editStatus(
            current -> {
              current.setStatus(status);
              return current;
            });
        return;
      } catch (KubernetesClientException e) {
        // editStatus sends a patch without a resourceVersion; a 409 can still come from an
        // admission webhook or a proxy: write onto the newer object then.
        if (e.getCode() != 409 || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static <R extends HasMetadata> void addChildren(
      List<Child> children, Context<Function> context, Class<R> type, Function function) {
    OwnedChildren.actual(type, function, context).values().forEach(r -> children.add(child(r)));
  }

  /**
   * A child's readiness from its Knative status: every Knative kind has {@code
   * status.observedGeneration} and {@code status.conditions} (the duck type), so one reader serves.
   */
  static Child child(HasMetadata resource) {
    JsonNode status = Serialization.jsonMapper().valueToTree(resource).path("status");
    JsonNode observed = status.path("observedGeneration");
    List<io.fabric8.knative.pkg.apis.Condition> conditions =
        status.has("conditions")
            ? Serialization.jsonMapper()
                .convertValue(
                    status.get("conditions"),
                    new TypeReference<List<io.fabric8.knative.pkg.apis.Condition>>() {})
            : List.of();
    return new Child(
        resource.getKind(),
        resource.getMetadata().getName(),
        resource.getMetadata().getGeneration(),
        observed.isNumber() ? observed.asLong() : null,
        conditions);
  }
}
