package dev.skyless.runtime.kafka;

/**
 * A failed HTTP delivery of an event (skyless dev's KafkaSource stand-in): the status and body of
 * the last answer, which the dead letter carries as Knative's dispatchers write them ({@code
 * knativeerrorcode}, {@code knativeerrordata}).
 */
public interface DeliveryFailure {

  int status();

  /** The answer's body, as sent. */
  byte[] responseBody();
}
