package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the controller observed. Conditions: ServiceReady, TriggersReady, RoutesReady, Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionStatus {

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Where the function is served. Absent until the Knative Service is ready.")
  private String url;

  @JsonPropertyDescription(
      "Where async calls go (a KafkaSink's address: POST a CloudEvent, 202 Accepted). Absent"
          + " without spec.async, or until the sink is ready.")
  private String asyncUrl;

  @JsonPropertyDescription("The newest revision that is ready. Absent until one is.")
  private String latestReadyRevision;

  @JsonPropertyDescription(
      "ServiceReady, TriggersReady and Ready (True, False or Unknown), each with a CamelCase reason and a message.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getAsyncUrl() {
    return asyncUrl;
  }

  public void setAsyncUrl(String asyncUrl) {
    this.asyncUrl = asyncUrl;
  }

  public String getLatestReadyRevision() {
    return latestReadyRevision;
  }

  public void setLatestReadyRevision(String latestReadyRevision) {
    this.latestReadyRevision = latestReadyRevision;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
