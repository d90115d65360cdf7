package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Async invocations: calls queued in Kafka and delivered with retries, a dead-letter topic and
 * optional destinations for the result and the failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AsyncSettings {

  @Size(min = 1, max = 249)
  @Pattern("^[a-zA-Z0-9._-]+$")
  @JsonPropertyDescription(
      "Kafka topic that receives a CloudEvent with the result of each call that succeeds (type"
          + " dev.skyless.invocation.succeeded, extension invocationid). Absent: none.")
  private String onSuccess;

  @Size(min = 1, max = 249)
  @Pattern("^[a-zA-Z0-9._-]+$")
  @JsonPropertyDescription(
      "Kafka topic that receives a CloudEvent with the problem of each call that failed after its"
          + " retries (type dev.skyless.invocation.failed, extension invocationid). Absent: none.")
  private String onFailure;

  @JsonPropertyDescription(
      "Retries and the dead-letter topic of async calls. Absent: the platform defaults.")
  private Delivery delivery;

  public String getOnSuccess() {
    return onSuccess;
  }

  public void setOnSuccess(String onSuccess) {
    this.onSuccess = onSuccess;
  }

  public String getOnFailure() {
    return onFailure;
  }

  public void setOnFailure(String onFailure) {
    this.onFailure = onFailure;
  }

  public Delivery getDelivery() {
    return delivery;
  }

  public void setDelivery(Delivery delivery) {
    this.delivery = delivery;
  }
}
