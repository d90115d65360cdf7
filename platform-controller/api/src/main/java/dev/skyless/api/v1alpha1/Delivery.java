package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.skyless.contract.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Retries and dead letters of a trigger. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Delivery {

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Retries after the first attempt. Absent: the platform default (5).")
  private Integer retries;

  @JsonPropertyDescription(
      "exponential or linear growth of the delay between retries. Absent: exponential.")
  private BackoffPolicy backoff;

  @Size(max = 32)
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "First retry delay (PT0.2S, 200ms). Absent: the platform default (PT0.2S).")
  private String backoffDelay;

  @Size(max = 32)
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("Timeout of one delivery attempt. Absent: the function's timeout.")
  private String timeout;

  @Size(min = 1, max = 249)
  @Pattern("^[a-zA-Z0-9._-]+$")
  @JsonPropertyDescription(
      "Kafka topic for events that failed every retry. Absent: the platform naming (<topic>.dlq for Kafka triggers). There is always one: events are never dropped.")
  private String deadLetterTopic;

  public Integer getRetries() {
    return retries;
  }

  public void setRetries(Integer retries) {
    this.retries = retries;
  }

  public BackoffPolicy getBackoff() {
    return backoff;
  }

  public void setBackoff(BackoffPolicy backoff) {
    this.backoff = backoff;
  }

  public String getBackoffDelay() {
    return backoffDelay;
  }

  public void setBackoffDelay(String backoffDelay) {
    this.backoffDelay = backoffDelay;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public String getDeadLetterTopic() {
    return deadLetterTopic;
  }

  public void setDeadLetterTopic(String deadLetterTopic) {
    this.deadLetterTopic = deadLetterTopic;
  }

  /** Growth of the delay between retries. */
  public enum BackoffPolicy {
    @com.fasterxml.jackson.annotation.JsonProperty("exponential")
    EXPONENTIAL,
    @com.fasterxml.jackson.annotation.JsonProperty("linear")
    LINEAR
  }
}
