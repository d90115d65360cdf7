package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Authentication of HTTP calls. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpAuth {

  @Required
  @JsonPropertyDescription("Bearer JWT checks. Required when auth is set.")
  private JwtAuth jwt;

  public JwtAuth getJwt() {
    return jwt;
  }

  public void setJwt(JwtAuth jwt) {
    this.jwt = jwt;
  }
}
