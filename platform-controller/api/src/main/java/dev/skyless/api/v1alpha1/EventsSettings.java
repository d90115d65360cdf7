package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where ctx.emit() sends events: a Kafka topic, or a sink (K_SINK). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.topic) && has(self.sink))",
    message = "set topic or sink, not both")
public class EventsSettings {

  @Size(min = 1, max = 249)
  @Pattern("^[a-zA-Z0-9._-]+$")
  @JsonPropertyDescription("Kafka topic (SKYLESS_EVENTS_TOPIC). Absent: see sink.")
  private String topic;

  @Size(max = 2048)
  @Pattern("^https?://\\S+$")
  @JsonPropertyDescription(
      "HTTP URL of a CloudEvents sink, such as a Broker's address (K_SINK). Absent: see topic.")
  private String sink;

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public String getSink() {
    return sink;
  }

  public void setSink(String sink) {
    this.sink = sink;
  }
}
