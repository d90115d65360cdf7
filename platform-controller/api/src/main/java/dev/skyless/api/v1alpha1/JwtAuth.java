package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Bearer JWT checks on HTTP calls (SKYLESS_JWT_*). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JwtAuth {

  @Size(max = 512)
  @JsonPropertyDescription("Required iss claim. Absent: not checked.")
  private String issuer;

  @Required
  @Size(max = 2048)
  @Pattern("^https?://\\S+$")
  @JsonPropertyDescription("URL of the JSON Web Key Set that signs tokens. Required.")
  private String jwksUri;

  @Size(max = 512)
  @JsonPropertyDescription("Required aud claim. Absent: not checked.")
  private String audience;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Scopes a token must carry (scope or scp claim); missing ones are 403. Absent: none.")
  private List<@Size(max = 128) String> requiredScopes = new ArrayList<>();

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getJwksUri() {
    return jwksUri;
  }

  public void setJwksUri(String jwksUri) {
    this.jwksUri = jwksUri;
  }

  public String getAudience() {
    return audience;
  }

  public void setAudience(String audience) {
    this.audience = audience;
  }

  public List<@Size(max = 128) String> getRequiredScopes() {
    return requiredScopes;
  }

  public void setRequiredScopes(List<@Size(max = 128) String> requiredScopes) {
    this.requiredScopes = requiredScopes;
  }
}
