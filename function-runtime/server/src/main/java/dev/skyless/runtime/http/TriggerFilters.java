package dev.skyless.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.util.Map;

/**
 * Per-trigger event filters. A KafkaSource cannot filter, so the controller points each Kafka
 * trigger's source at {@code /_skyless/triggers/<name>} and passes the trigger's filter in {@code
 * SKYLESS_TRIGGER_FILTERS} (JSON: name to {type, source, typePrefix}). An event there that does not
 * match is acknowledged without calling the function, as a Broker Trigger's filter would drop it.
 */
public final class TriggerFilters {

  /** The path prefix KafkaSources deliver to. */
  public static final String PATH = "/_skyless/triggers/";

  /** One trigger's filter; every attribute set must match. */
  public record Filter(String type, String source, String typePrefix) {

    boolean matches(CloudEvent event) {
      return (type == null || type.equals(event.getType()))
          && (source == null || source.equals(event.getSource().toString()))
          && (typePrefix == null || event.getType().startsWith(typePrefix));
    }
  }

  private final Map<String, Filter> byTrigger;

  public TriggerFilters(Map<String, Filter> byTrigger) {
    this.byTrigger = Map.copyOf(byTrigger);
  }

  /**
   * Parses {@code SKYLESS_TRIGGER_FILTERS}.
   *
   * @throws IllegalArgumentException with what is wrong
   */
  public static TriggerFilters parse(String json, ObjectMapper mapper) {
    if (json == null || json.isBlank()) {
      return new TriggerFilters(Map.of());
    }
    try {
      return new TriggerFilters(
          mapper.readValue(json, new TypeReference<Map<String, Filter>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a JSON object of trigger filters: " + e.getOriginalMessage());
    }
  }

  /** Whether an event that arrived on {@code path} should reach the function. */
  public boolean admits(String path, CloudEvent event) {
    if (!path.startsWith(PATH)) {
      return true;
    }
    Filter filter = byTrigger.get(path.substring(PATH.length()));
    return filter == null || filter.matches(event);
  }
}
