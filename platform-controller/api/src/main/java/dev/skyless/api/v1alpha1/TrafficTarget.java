package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A share of traffic: to a named revision, or to the latest ready one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.revision) != (has(self.latest) && self.latest)",
    message = "a traffic target names a revision or sets latest: true, not both")
public class TrafficTarget {

  @Size(max = 253)
  @JsonPropertyDescription("Revision name. Absent: see latest.")
  private String revision;

  @JsonPropertyDescription("true: the latest ready revision. Absent: false.")
  private Boolean latest;

  @Required
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Share of traffic, 0 to 100. Required.")
  private Integer percent;

  @Size(max = 63)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Tag that gives this target its own URL. Absent: no tag.")
  private String tag;

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public Boolean getLatest() {
    return latest;
  }

  public void setLatest(Boolean latest) {
    this.latest = latest;
  }

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }
}
