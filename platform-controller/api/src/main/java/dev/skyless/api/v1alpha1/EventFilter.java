package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Which events invoke the function; all set attributes must match. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EventFilter {

  @Size(max = 256)
  @JsonPropertyDescription("Exact CloudEvent type. Absent: any type.")
  private String type;

  @Size(max = 1024)
  @JsonPropertyDescription("Exact CloudEvent source. Absent: any source.")
  private String source;

  @Size(max = 256)
  @JsonPropertyDescription(
      "Prefix of the CloudEvent type (Broker triggers). Absent: no prefix check.")
  private String typePrefix;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getTypePrefix() {
    return typePrefix;
  }

  public void setTypePrefix(String typePrefix) {
    this.typePrefix = typePrefix;
  }
}
