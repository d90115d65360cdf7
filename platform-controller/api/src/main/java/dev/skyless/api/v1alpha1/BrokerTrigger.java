package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** A Knative Broker the function subscribes to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokerTrigger {

  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Broker name in the function's namespace. Absent: default.")
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
