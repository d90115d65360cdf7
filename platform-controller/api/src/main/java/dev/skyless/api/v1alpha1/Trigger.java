package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An event source that invokes the function: Kafka topics, a Broker or a schedule, exactly one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.kafka) ? 1 : 0) + (has(self.broker) ? 1 : 0) + (has(self.schedule) ? 1 : 0) =="
            + " 1",
    message = "a trigger has exactly one of kafka, broker or schedule")
@ValidationRule(
    value = "!(self.name in ['async', 'async-failure'])",
    message = "the trigger names async and async-failure are kept for spec.async",
    fieldPath = ".name")
@ValidationRule(
    value = "!has(self.schedule) || !has(self.filter)",
    message = "a schedule trigger takes no filter: every firing is for the function",
    fieldPath = ".filter")
public class Trigger {

  @Required
  @Size(min = 1, max = 40)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of the trigger, unique in the function; part of child resource names. Required.")
  private String name;

  @JsonPropertyDescription(
      "Consume Kafka topics (through a KafkaSource). Absent: not a Kafka trigger.")
  private KafkaTrigger kafka;

  @JsonPropertyDescription(
      "Subscribe to a Knative Broker (through a Trigger). Absent: not a Broker trigger.")
  private BrokerTrigger broker;

  @JsonPropertyDescription(
      "Fire on a cron schedule (through a PingSource and Kafka, so firings are retried and"
          + " dead-lettered). Absent: not a schedule trigger.")
  private ScheduleTrigger schedule;

  @JsonPropertyDescription("Which events invoke the function. Absent: all events.")
  private EventFilter filter;

  @JsonPropertyDescription(
      "Retries and dead letters. Absent: the platform defaults (retries with backoff, then the dead-letter topic).")
  private Delivery delivery;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public KafkaTrigger getKafka() {
    return kafka;
  }

  public void setKafka(KafkaTrigger kafka) {
    this.kafka = kafka;
  }

  public BrokerTrigger getBroker() {
    return broker;
  }

  public void setBroker(BrokerTrigger broker) {
    this.broker = broker;
  }

  public ScheduleTrigger getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleTrigger schedule) {
    this.schedule = schedule;
  }

  public EventFilter getFilter() {
    return filter;
  }

  public void setFilter(EventFilter filter) {
    this.filter = filter;
  }

  public Delivery getDelivery() {
    return delivery;
  }

  public void setDelivery(Delivery delivery) {
    this.delivery = delivery;
  }
}
