package dev.skyless.controller.function;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a Function ({@code kubectl describe fn} shows them): why a reconcile failed,
 * with more detail than the status condition's one sentence. Best effort: an Event that cannot be
 * written is logged and forgotten.
 */
public class FunctionEvents {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionEvents.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public FunctionEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A Warning event with {@code reason} (CamelCase) and {@code message}. */
  public void warn(Function function, String reason, String message) {
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    String now =
        DateTimeFormatter.ISO_INSTANT.format(
            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    try {
      client
          .v1()
          .events()
          .inNamespace(function.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(function.getMetadata().getName() + ".")
                  .withNamespace(function.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(function.getApiVersion())
                  .withKind(function.getKind())
                  .withName(function.getMetadata().getName())
                  .withNamespace(function.getMetadata().getNamespace())
                  .withUid(function.getMetadata().getUid())
                  .withResourceVersion(function.getMetadata().getResourceVersion())
                  .endInvolvedObject()
                  .withType("Warning")
                  .withReason(reason)
                  .withMessage(text)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("skyless-controller")
                  .endSource()
                  .withReportingComponent("skyless.dev/controller")
                  .build())
          .create();
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot record the event {} on Function {}/{}: {}",
          reason,
          function.getMetadata().getNamespace(),
          function.getMetadata().getName(),
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
