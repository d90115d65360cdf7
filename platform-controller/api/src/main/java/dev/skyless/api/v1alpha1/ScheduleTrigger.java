package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Invoke the function on a schedule (through a PingSource). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleTrigger {

  /** The shape of a cron expression; the controller checks each field's values. */
  public static final String CRON_PATTERN =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[0-9A-Za-z*?,/-]+( +[0-9A-Za-z*?,/-]+){4})$";

  /** The shape of an IANA zone name; the controller checks that the zone exists. */
  public static final String ZONE_PATTERN = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";

  @Required
  @Size(min = 1, max = 100)
  @Pattern(CRON_PATTERN)
  @JsonPropertyDescription(
      "When to fire: five fields (minute hour day-of-month month day-of-week, as cron) or a macro"
          + " (@hourly, @daily, @weekly, @monthly, @yearly). Required.")
  private String cron;

  @Size(min = 1, max = 64)
  @Pattern(ZONE_PATTERN)
  @JsonPropertyDescription(
      "IANA time zone the schedule is read in (Europe/Berlin); daylight-saving changes are"
          + " followed. Absent: UTC.")
  private String timeZone;

  @Size(min = 1, max = 255)
  @Pattern("^\\S+$")
  @JsonPropertyDescription("CloudEvent type of each firing. Absent: dev.knative.sources.ping.")
  private String type;

  @JsonPropertyDescription("JSON data of each firing. Absent: no data.")
  private JsonNode data;

  public String getCron() {
    return cron;
  }

  public void setCron(String cron) {
    this.cron = cron;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public JsonNode getData() {
    return data;
  }

  public void setData(JsonNode data) {
    this.data = data;
  }
}
