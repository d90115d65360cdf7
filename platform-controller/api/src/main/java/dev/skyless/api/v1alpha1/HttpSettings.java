package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the function is reached over HTTP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpSettings {

  @JsonPropertyDescription(
      "public: reachable from outside the cluster; cluster-local: only inside it. Absent: public.")
  private Visibility visibility;

  @JsonPropertyDescription("Authentication of HTTP calls. Absent: none.")
  private HttpAuth auth;

  @JsonPropertyDescription("Rate limit per instance. Absent: none.")
  private RateLimit rateLimit;

  public Visibility getVisibility() {
    return visibility;
  }

  public void setVisibility(Visibility visibility) {
    this.visibility = visibility;
  }

  public HttpAuth getAuth() {
    return auth;
  }

  public void setAuth(HttpAuth auth) {
    this.auth = auth;
  }

  public RateLimit getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(RateLimit rateLimit) {
    this.rateLimit = rateLimit;
  }

  /** Where the function can be reached from. */
  public enum Visibility {
    @com.fasterxml.jackson.annotation.JsonProperty("public")
    PUBLIC,
    @com.fasterxml.jackson.annotation.JsonProperty("cluster-local")
    CLUSTER_LOCAL
  }
}
