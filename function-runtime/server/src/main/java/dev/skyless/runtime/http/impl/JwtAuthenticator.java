package dev.skyless.runtime.http.impl;

import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.http.Authenticator;
import dev.skyless.runtime.http.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer JWT checks with vertx-auth-jwt: signature (JWKS fetched from a URI and refreshed, a PEM
 * public key file, or a shared secret file), expiry, issuer and audience when configured (401), and
 * required scopes (403). Loaded only when JWT checks are configured.
 */
public final class JwtAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
  private static final Map<String, String> CHALLENGE = Map.of("www-authenticate", "Bearer");

  private final RuntimeConfig.Jwt config;
  private final AtomicReference<JWTAuth> auth = new AtomicReference<>();

  private JwtAuthenticator(RuntimeConfig.Jwt config) {
    this.config = config;
  }

  /** Creates the authenticator; completes once its keys are loaded (JWKS fetched). */
  public static Future<Authenticator> create(Vertx vertx, RuntimeConfig.Jwt config) {
    JwtAuthenticator authenticator = new JwtAuthenticator(config);
    if (config.jwksUri().isPresent()) {
      WebClient client = WebClient.create(vertx);
      String uri = config.jwksUri().get().toString();
      return authenticator
          .fetchJwks(vertx, client, uri)
          .onSuccess(
              v ->
                  vertx.setPeriodic(
                      config.jwksRefresh().toMillis(),
                      id ->
                          authenticator
                              .fetchJwks(vertx, client, uri)
                              .onFailure(
                                  e ->
                                      LOG.warn(
                                          "JWKS refresh from {} failed: {}", uri, e.getMessage()))))
          .map(authenticator);
    }
    try {
      PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm(config.algorithm());
      if (config.publicKeyFile().isPresent()) {
        key.setBuffer(Files.readString(config.publicKeyFile().get(), StandardCharsets.UTF_8));
      } else {
        key.setBuffer(
            Files.readString(config.secretFile().orElseThrow(), StandardCharsets.UTF_8).strip());
      }
      authenticator.auth.set(JWTAuth.create(vertx, authenticator.options().addPubSecKey(key)));
      return Future.succeededFuture(authenticator);
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(
          new IllegalStateException("cannot load the JWT key: " + e.getMessage(), e));
    }
  }

  private Future<Void> fetchJwks(Vertx vertx, WebClient client, String uri) {
    return client
        .getAbs(uri)
        .send()
        .compose(
            response -> {
              if (response.statusCode() != 200) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "JWKS " + uri + " answered " + response.statusCode()));
              }
              JsonArray keys = response.bodyAsJsonObject().getJsonArray("keys");
              if (keys == null || keys.isEmpty()) {
                return Future.failedFuture(
                    new IllegalStateException("JWKS " + uri + " has no keys"));
              }
              List<JsonObject> jwks = new ArrayList<>();
              keys.forEach(k -> jwks.add((JsonObject) k));
              auth.set(JWTAuth.create(vertx, options().setJwks(jwks)));
              return Future.<Void>succeededFuture();
            });
  }

  private JWTAuthOptions options() {
    JWTOptions jwt = new JWTOptions().setLeeway(30);
    config.issuer().ifPresent(jwt::setIssuer);
    config.audience().ifPresent(a -> jwt.setAudience(List.of(a)));
    return new JWTAuthOptions().setJWTOptions(jwt);
  }

  @Override
  public Future<Void> authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Future.failedFuture(
          new HttpProblem(401, "Unauthorized", "A bearer token is required", CHALLENGE));
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(
          new HttpProblem(
              401, "Unauthorized", "The Authorization header must be 'Bearer <token>'", CHALLENGE));
    }
    String token = authorization.substring(7).trim();
    return auth.get()
        .authenticate(new TokenCredentials(token))
        .recover(
            e ->
                Future.failedFuture(
                    new HttpProblem(
                        401,
                        "Unauthorized",
                        "The token is not valid: " + e.getMessage(),
                        Map.of("www-authenticate", "Bearer error=\"invalid_token\""))))
        .compose(this::authorize);
  }

  private Future<Void> authorize(User user) {
    if (config.requiredScopes().isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> granted = scopes(user.principal());
    for (String scope : config.requiredScopes()) {
      if (!granted.contains(scope)) {
        return Future.failedFuture(
            new HttpProblem(
                403,
                "Forbidden",
                "The token lacks the scope '" + scope + "'",
                Map.of("www-authenticate", "Bearer error=\"insufficient_scope\"")));
      }
    }
    return Future.succeededFuture();
  }

  private static List<String> scopes(JsonObject principal) {
    Object scope = principal.getValue("scope", principal.getValue("scp"));
    if (scope instanceof String s) {
      return Arrays.asList(s.split(" "));
    }
    if (scope instanceof JsonArray array) {
      return array.stream().map(String::valueOf).toList();
    }
    return List.of();
  }
}
