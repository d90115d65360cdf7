package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Kafka topics that invoke the function. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaTrigger {

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription("Topics to consume. Required, at least one.")
  private List<@Size(min = 1, max = 249) @Pattern("^[a-zA-Z0-9._-]+$") String> topics =
      new ArrayList<>();

  @Size(max = 255)
  @JsonPropertyDescription("Consumer group. Absent: skyless.<namespace>.<function>.<trigger>.")
  private String consumerGroup;

  @JsonPropertyDescription(
      "Where a new consumer group starts: earliest or latest. Absent: earliest.")
  private InitialOffset initialOffset;

  @JsonPropertyDescription(
      "ordered: one event at a time per partition; unordered: in parallel. Absent: ordered.")
  private Ordering ordering;

  public List<@Size(min = 1, max = 249) @Pattern("^[a-zA-Z0-9._-]+$") String> getTopics() {
    return topics;
  }

  public void setTopics(
      List<@Size(min = 1, max = 249) @Pattern("^[a-zA-Z0-9._-]+$") String> topics) {
    this.topics = topics;
  }

  public String getConsumerGroup() {
    return consumerGroup;
  }

  public void setConsumerGroup(String consumerGroup) {
    this.consumerGroup = consumerGroup;
  }

  public InitialOffset getInitialOffset() {
    return initialOffset;
  }

  public void setInitialOffset(InitialOffset initialOffset) {
    this.initialOffset = initialOffset;
  }

  public Ordering getOrdering() {
    return ordering;
  }

  public void setOrdering(Ordering ordering) {
    this.ordering = ordering;
  }

  /** Where a new consumer group starts reading. */
  public enum InitialOffset {
    @com.fasterxml.jackson.annotation.JsonProperty("earliest")
    EARLIEST,
    @com.fasterxml.jackson.annotation.JsonProperty("latest")
    LATEST
  }

  /** Delivery order. */
  public enum Ordering {
    @com.fasterxml.jackson.annotation.JsonProperty("ordered")
    ORDERED,
    @com.fasterxml.jackson.annotation.JsonProperty("unordered")
    UNORDERED
  }
}
