package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One HTTP route to the function on the platform's Gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRoute {

  @Pattern("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$")
  @JsonPropertyDescription("The request method (GET, POST, ...). Absent: any method.")
  private String method;

  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^/[^\\s,]*$")
  @JsonPropertyDescription(
      "The path: literal segments, {name} segments (one segment each, seen by the function as"
          + " path parameters) and an optional trailing /* for the rest. No commas; not under"
          + " /_skyless."
          + " Required.")
  private String path;

  public String getMethod() {
    return method;
  }

  public void setMethod(String method) {
    this.method = method;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}
