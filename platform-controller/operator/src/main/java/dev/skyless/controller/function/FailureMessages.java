package dev.skyless.controller.function;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;

/**
 * Turns a failure into the one sentence a Function's status shows: the innermost message, its first
 * line, the API server's own message for a refused request, never a stack trace, at most {@value
 * #MAX} characters. The whole failure goes to the controller's log and to a Kubernetes Event on the
 * Function.
 */
final class FailureMessages {

  static final int MAX = 300;

  private FailureMessages() {}

  static String sentence(Throwable failure) {
    if (failure instanceof AggregatedOperatorException aggregated
        && !aggregated.getAggregatedExceptions().isEmpty()) {
      // The workflow's failures by dependent: the first one, named by its child kind.
      var first = aggregated.getAggregatedExceptions().entrySet().iterator().next();
      String more =
          aggregated.getAggregatedExceptions().size() > 1
              ? " (and " + (aggregated.getAggregatedExceptions().size() - 1) + " more)"
              : "";
      return cap(first.getKey() + ": " + sentence(first.getValue()) + more);
    }
    Throwable cause = failure;
    KubernetesClientException api = null;
    while (cause != null) {
      if (cause instanceof KubernetesClientException k) {
        api = k;
      }
      if (cause.getCause() == null || cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    String text;
    if (api != null && api.getStatus() != null && api.getStatus().getMessage() != null) {
      text =
          "the API server refused a change ("
              + api.getCode()
              + "): "
              + api.getStatus().getMessage();
    } else if (api != null && api.getCode() > 0) {
      text = "the API server answered " + api.getCode() + ": " + firstLine(api.getMessage());
    } else {
      text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
    return cap(firstLine(text).strip());
  }

  private static String cap(String text) {
    return text.length() > MAX ? text.substring(0, MAX - 3) + "..." : text;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
