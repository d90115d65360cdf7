package dev.skyless.runtime.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyless.contract.AsyncInvocations;
import dev.skyless.runtime.function.Payload;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Lambda-style destinations of async calls ({@link AsyncInvocations}): {@value
 * AsyncInvocations#SUCCEEDED} with the function's result to {@code onSuccess}, {@value
 * AsyncInvocations#FAILED} with the problem to {@code onFailure}. Both carry the invocation id (the
 * call's CloudEvent id) as the extension {@value AsyncInvocations#INVOCATION_ID}, and the call's
 * trace context. Sends are awaited by the caller: a delivery is acknowledged only once its
 * destination event is in Kafka, so a result is never lost (and, on a redelivery, may come twice).
 */
public final class AsyncDestinations {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI source;
  private final Optional<EventSink> onSuccess;
  private final Optional<EventSink> onFailure;

  public AsyncDestinations(
      URI source, Optional<EventSink> onSuccess, Optional<EventSink> onFailure) {
    this.source = source;
    this.onSuccess = onSuccess;
    this.onFailure = onFailure;
  }

  /** None configured. */
  public static AsyncDestinations none() {
    return new AsyncDestinations(URI.create("/"), Optional.empty(), Optional.empty());
  }

  /** Reports the result of {@code call}; done at once without an {@code onSuccess} topic. */
  public CompletableFuture<Void> succeeded(CloudEvent call, Payload result) {
    if (onSuccess.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CloudEventBuilder event = base(call, AsyncInvocations.SUCCEEDED);
    if (!result.isEmpty()) {
      event.withDataContentType(result.contentType()).withData(result.bytes());
    }
    return onSuccess.get().send(event.build());
  }

  /**
   * Reports a call that was dead-lettered after its retries: {@code letter} is the call as its
   * dead-letter topic holds it, with Knative's {@code knativeerrorcode} and {@code
   * knativeerrordata} (the last answer's status and body, base64) when the delivery got one.
   */
  public CompletableFuture<Void> failed(CloudEvent letter) {
    if (onFailure.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("invocationId", letter.getId());
    data.put("type", letter.getType());
    data.put("source", letter.getSource().toString());
    Object code = letter.getExtension("knativeerrorcode");
    if (code != null) {
      try {
        data.put("status", Integer.parseInt(code.toString()));
      } catch (NumberFormatException e) {
        data.put("status", code.toString());
      }
    }
    Object body = letter.getExtension("knativeerrordata");
    if (body != null) {
      String text = decode(body.toString());
      try {
        data.set("problem", JSON.readTree(text));
      } catch (Exception e) {
        data.put("problem", text);
      }
    }
    CloudEvent event =
        base(letter, AsyncInvocations.FAILED)
            .withDataContentType(Payload.JSON)
            .withData(data.toString().getBytes(StandardCharsets.UTF_8))
            .build();
    return onFailure.get().send(event);
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return base64;
    }
  }

  private CloudEventBuilder base(CloudEvent call, String type) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(EventIds.next())
            .withSource(source)
            .withType(type)
            .withSubject(call.getId())
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withExtension(AsyncInvocations.INVOCATION_ID, call.getId());
    for (String name : new String[] {"traceparent", "tracestate"}) {
      Object value = call.getExtension(name);
      if (value instanceof String s) {
        builder.withExtension(name, s);
      }
    }
    return builder;
  }
}
