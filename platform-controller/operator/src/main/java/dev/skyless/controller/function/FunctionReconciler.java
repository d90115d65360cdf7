package dev.skyless.controller.function;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionStatus;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.dependent.BrokerTriggersDependent;
import dev.skyless.controller.function.dependent.DeadLetterSinksDependent;
import dev.skyless.controller.function.dependent.Defaults;
import dev.skyless.controller.function.dependent.KafkaSourcesDependent;
import dev.skyless.controller.function.dependent.KnativeServiceDependent;
import dev.skyless.controller.function.dependent.OwnedChildren;
import dev.skyless.controller.function.model.EventWiringModel;
import dev.skyless.controller.function.model.FunctionStatusModel;
import dev.skyless.controller.function.model.FunctionStatusModel.Child;
import dev.skyless.controller.function.model.InvalidSpecException;
import dev.skyless.controller.function.model.KnativeServiceModel;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Makes a Function's children match its spec and reports their state. The children are JOSDK
 * dependents (one class per kind; sources and triggers wait for the service and the dead-letter
 * sinks); this class only checks what must hold first and derives the status.
 */
@ControllerConfiguration(name = "function")
@Workflow(
    explicitInvocation = true,
    dependents = {
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

  /** How soon a Function blocked by the cluster (not by its spec) is looked at again. */
  public static final Duration RECHECK = Duration.ofMinutes(1);

  private final Supplier<PlatformDefaults> defaults;
  private final Prerequisites prerequisites;
  private final Clock clock;
  private final Duration recheck;

  public FunctionReconciler(
      Supplier<PlatformDefaults> defaults,
      Prerequisites prerequisites,
      Clock clock,
      Duration recheck) {
    this.defaults = defaults;
    this.prerequisites = prerequisites;
    this.clock = clock;
    this.recheck = recheck;
  }

  @Override
  public UpdateControl<Function> reconcile(Function function, Context<Function> context) {
    var missing = prerequisites.missingFor(function);
    if (missing.isPresent()) {
      return withStatus(
              function, blocked(function, missing.get().reason(), missing.get().message()))
          .rescheduleAfter(recheck);
    }
    PlatformDefaults platform;
    try {
      platform = defaults.get();
      checkBuildable(function, platform);
    } catch (InvalidSpecException e) {
      return withStatus(function, blocked(function, "InvalidSpec", e.getMessage()));
    } catch (IllegalArgumentException e) {
      return withStatus(function, blocked(function, "InvalidPlatformConfig", e.getMessage()))
          .rescheduleAfter(recheck);
    }
    var workflow = context.managedWorkflowAndDependentResourceContext();
    workflow.put(Defaults.KEY, platform);
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
    return withStatus(function, status);
  }

  /** Errors the workflow could not get past: reported, then retried with backoff by JOSDK. */
  @Override
  public ErrorStatusUpdateControl<Function> updateErrorStatus(
      Function function, Context<Function> context, Exception e) {
    function.setStatus(blocked(function, "ReconcileError", rootMessage(e)));
    return ErrorStatusUpdateControl.patchStatus(function);
  }

  /** Builds every child once, so a spec that cannot be built is reported before anything runs. */
  private static void checkBuildable(Function function, PlatformDefaults platform) {
    KnativeServiceModel.desired(function, platform);
    EventWiringModel.deadLetterSinks(function, platform);
    EventWiringModel.kafkaSources(function, platform);
    EventWiringModel.brokerTriggers(function, platform);
  }

  private FunctionStatus blocked(Function function, String reason, String message) {
    return FunctionStatusModel.blocked(function, reason, message, clock.instant());
  }

  private static UpdateControl<Function> withStatus(Function function, FunctionStatus status) {
    function.setStatus(status);
    return UpdateControl.patchStatus(function);
  }

  private static <R extends HasMetadata> void addChildren(
      List<Child> children, Context<Function> context, Class<R> type, Function function) {
    OwnedChildren.actual(type, function, context)
        .values()
        .forEach(
            r -> children.add(new Child(r.getKind(), r.getMetadata().getName(), conditions(r))));
  }

  private static List<io.fabric8.knative.pkg.apis.Condition> conditions(HasMetadata resource) {
    return switch (resource) {
      case KafkaSource s -> s.getStatus() == null ? List.of() : s.getStatus().getConditions();
      case Trigger t -> t.getStatus() == null ? List.of() : t.getStatus().getConditions();
      case KafkaSink k -> k.getStatus() == null ? List.of() : k.getStatus().getConditions();
      default -> List.of();
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
