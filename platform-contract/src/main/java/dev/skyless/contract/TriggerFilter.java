package dev.skyless.contract;

/**
 * One trigger's event filter; every attribute that is set must match. A KafkaSource cannot filter,
 * so the runtime applies the filters of Kafka triggers (the Broker applies its own).
 *
 * @param type exact CloudEvent type, or null
 * @param source exact CloudEvent source, or null
 * @param typePrefix prefix of the CloudEvent type, or null
 */
public record TriggerFilter(String type, String source, String typePrefix) {

  /** Whether an event with this type and source passes. */
  public boolean matches(String eventType, String eventSource) {
    return (type == null || type.equals(eventType))
        && (source == null || source.equals(eventSource))
        && (typePrefix == null || (eventType != null && eventType.startsWith(typePrefix)));
  }

  /** Whether no attribute is set (every event passes). */
  public boolean isEmpty() {
    return type == null && source == null && typePrefix == null;
  }
}
