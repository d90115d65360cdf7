package dev.skyless.controller.function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionStatus;
import dev.skyless.controller.config.PlatformConfigMap;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.dependent.BrokerTriggersDependent;
import dev.skyless.controller.function.dependent.DeadLetterSinksDependent;
import dev.skyless.controller.function.dependent.DesiredState;
import dev.skyless.controller.function.dependent.KafkaSourcesDependent;
import dev.skyless.controller.function.dependent.KnativeServiceDependent;
import dev.skyless.controller.function.dependent.OwnedChildren;
import dev.skyless.controller.function.dependent.ServiceAccountDependent;
import dev.skyless.controller.function.model.EventWiringModel;
import dev.skyless.controller.function.model.FunctionSettings;
import dev.skyless.controller.function.model.FunctionStatusModel;
import dev.skyless.controller.function.model.FunctionStatusModel.Child;
import dev.skyless.controller.function.model.InvalidSpecException;
import dev.skyless.controller.function.model.KnativeServiceModel;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
      @Dependent(name = "dead-letter-sinks", type = DeadLetterSinksDependent.class),
      @Dependent(
          name = "kafka-sources",
          type = KafkaSourcesDependent.class,
          dependsOn = {"service", "dead-letter-sinks"}),
      @Dependent(
          name = "broker-triggers",
          type = BrokerTriggersDependent.class,
          dependsOn = {"service", "dead-letter-sinks"})
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
    return List.of(platformConfig.eventSource(context));
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
      topics.ensure(
          platform,
          settings.triggers().stream()
              .map(FunctionSettings.TriggerSettings::deadLetterTopic)
              .toList());
    }
    var workflow = context.managedWorkflowAndDependentResourceContext();
    workflow.put(DesiredState.KEY, new DesiredState(platform, settings));
    workflow.reconcileManagedWorkflow().throwAggregateExceptionIfErrorsPresent();

    List<Child> children = new ArrayList<>();
    addChildren(children, context, KafkaSource.class, function);
    addChildren(children, context, Trigger.class, function);
    addChildren(children, context, KafkaSink.class, function);
    FunctionStatus status =
        FunctionStatusModel.observed(
            function,
            context.getSecondaryResource(Service.class),
            children,
            function.getSpec().getTriggers().size(),
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

  /** Builds every child once, so a spec that cannot be built is reported before anything runs. */
  private static void checkBuildable(
      Function function, FunctionSettings settings, PlatformDefaults platform) {
    KnativeServiceModel.desired(function, settings, platform);
    EventWiringModel.deadLetterSinks(function, settings, platform);
    EventWiringModel.kafkaSources(function, settings, platform);
    EventWiringModel.brokerTriggers(function, settings);
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
