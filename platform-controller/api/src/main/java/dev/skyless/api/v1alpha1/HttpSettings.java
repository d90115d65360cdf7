package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** How the function is reached over HTTP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.routes) || self.routes.all(r, self.routes.exists_one(u, u.path == r.path &&"
            + " (has(u.method) ? u.method : '*') == (has(r.method) ? r.method : '*')))",
    message = "routes must differ in method or path",
    fieldPath = ".routes",
    reason = "FieldValueDuplicate")
@ValidationRule(
    value = "!has(self.cors) || (has(self.routes) && size(self.routes) > 0)",
    message = "cors applies to routes; add spec.http.routes",
    fieldPath = ".cors")
public class HttpSettings {

  @JsonPropertyDescription(
      "public: reachable from outside the cluster; cluster-local: only inside it. Absent: public.")
  private Visibility visibility;

  @JsonPropertyDescription("Authentication of HTTP calls. Absent: none.")
  private HttpAuth auth;

  @JsonPropertyDescription("Rate limit per instance. Absent: none.")
  private RateLimit rateLimit;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Routes on the platform's Gateway (an HTTPRoute): method and path, such as POST /orders."
          + " Absent: none; the function keeps its own URL either way.")
  private List<HttpRoute> routes = new ArrayList<>();

  @JsonPropertyDescription(
      "CORS for browsers calling the routes; preflights are answered by the Gateway. Absent: no"
          + " CORS headers.")
  private CorsPolicy cors;

  public List<HttpRoute> getRoutes() {
    return routes;
  }

  public void setRoutes(List<HttpRoute> routes) {
    this.routes = routes;
  }

  public CorsPolicy getCors() {
    return cors;
  }

  public void setCors(CorsPolicy cors) {
    this.cors = cors;
  }

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
