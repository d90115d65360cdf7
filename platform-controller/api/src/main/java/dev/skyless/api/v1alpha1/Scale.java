package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.skyless.contract.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Autoscaling of the function's Knative revision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.max == 0 || self.min <= self.max",
    message = "scale.min must not be greater than scale.max",
    fieldPath = ".min")
public class Scale {

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Fewest instances kept running; 0 scales to zero. Absent: the platform default (0).")
  private Integer min;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Most instances; 0 means no limit. Absent: the platform default.")
  private Integer max;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription(
      "Concurrent requests per instance the autoscaler aims for. Absent: the platform default.")
  private Integer target;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Hard limit of concurrent requests per instance; 0 means no limit. Absent: 0.")
  private Integer containerConcurrency;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Instances started when a revision is created. Absent: 1.")
  private Integer initial;

  @Size(max = 32)
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "How long load must stay low before scaling down (e.g. 5m). Absent: scale down at once.")
  private String scaleDownDelay;

  @Size(max = 32)
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "How long the last instance lingers before scaling to zero. Absent: Knative's default.")
  private String retention;

  public Integer getMin() {
    return min;
  }

  public void setMin(Integer min) {
    this.min = min;
  }

  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }

  public Integer getTarget() {
    return target;
  }

  public void setTarget(Integer target) {
    this.target = target;
  }

  public Integer getContainerConcurrency() {
    return containerConcurrency;
  }

  public void setContainerConcurrency(Integer containerConcurrency) {
    this.containerConcurrency = containerConcurrency;
  }

  public Integer getInitial() {
    return initial;
  }

  public void setInitial(Integer initial) {
    this.initial = initial;
  }

  public String getScaleDownDelay() {
    return scaleDownDelay;
  }

  public void setScaleDownDelay(String scaleDownDelay) {
    this.scaleDownDelay = scaleDownDelay;
  }

  public String getRetention() {
    return retention;
  }

  public void setRetention(String retention) {
    this.retention = retention;
  }
}
