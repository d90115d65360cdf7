package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Token-bucket rate limit per instance (429 with Retry-After beyond it). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimit {

  @Required
  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription("Requests per second. Required.")
  private Integer rps;

  @Min(1)
  @Max(10000000)
  @JsonPropertyDescription("Requests allowed at once. Absent: equal to rps.")
  private Integer burst;

  public Integer getRps() {
    return rps;
  }

  public void setRps(Integer rps) {
    this.rps = rps;
  }

  public Integer getBurst() {
    return burst;
  }

  public void setBurst(Integer burst) {
    this.burst = burst;
  }
}
