package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Cross-origin requests from browsers (CORS), answered by the Gateway where it can. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.allowCredentials) || !self.allowCredentials || !has(self.allowOrigins) ||"
            + " !self.allowOrigins.exists(o, o == '*')",
    message = "allowCredentials cannot be combined with the origin '*': browsers refuse it",
    fieldPath = ".allowOrigins")
public class CorsPolicy {

  @Size(min = 1, max = 64)
  @ValidationRule(
      value =
          "self.all(o, o == '*' || o.matches('^(http|https)://(\\\\*\\\\.)?[a-zA-Z0-9.-]+(:[0-9]{1,5})?$'))",
      message = "each origin is '*' or scheme://host[:port], such as https://shop.example.com")
  @JsonPropertyDescription(
      "Origins allowed to call: scheme://host[:port] (a leading *. matches subdomains) or *."
          + " Required for CORS to apply.")
  private List<String> allowOrigins = new ArrayList<>();

  @Size(max = 9)
  @JsonPropertyDescription("Methods allowed (GET, POST, ...; * for all). Absent: GET, HEAD, POST.")
  private List<String> allowMethods = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription("Request headers allowed (content-type, authorization). Absent: none.")
  private List<String> allowHeaders = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription("Response headers the browser may read. Absent: the safelisted ones.")
  private List<String> exposeHeaders = new ArrayList<>();

  @JsonPropertyDescription("Allow cookies and credentials. Absent: false.")
  private Boolean allowCredentials;

  @Min(1)
  @Max(86400)
  @JsonPropertyDescription("Seconds a browser may cache a preflight answer. Absent: 5.")
  private Integer maxAge;

  public List<String> getAllowOrigins() {
    return allowOrigins;
  }

  public void setAllowOrigins(List<String> allowOrigins) {
    this.allowOrigins = allowOrigins;
  }

  public List<String> getAllowMethods() {
    return allowMethods;
  }

  public void setAllowMethods(List<String> allowMethods) {
    this.allowMethods = allowMethods;
  }

  public List<String> getAllowHeaders() {
    return allowHeaders;
  }

  public void setAllowHeaders(List<String> allowHeaders) {
    this.allowHeaders = allowHeaders;
  }

  public List<String> getExposeHeaders() {
    return exposeHeaders;
  }

  public void setExposeHeaders(List<String> exposeHeaders) {
    this.exposeHeaders = exposeHeaders;
  }

  public Boolean getAllowCredentials() {
    return allowCredentials;
  }

  public void setAllowCredentials(Boolean allowCredentials) {
    this.allowCredentials = allowCredentials;
  }

  public Integer getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(Integer maxAge) {
    this.maxAge = maxAge;
  }
}
