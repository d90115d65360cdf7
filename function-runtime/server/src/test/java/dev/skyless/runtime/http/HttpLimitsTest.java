package dev.skyless.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.runtime.testing.CommandFunction;
import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.LocalHttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Concurrency cap, rate limit, JWT checks and draining, each on a runtime configured for it. */
class HttpLimitsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECHO = "{\"action\":\"echo\",\"text\":\"hi\"}";
  private static final String ISSUER = "https://issuer.test";
  private static Vertx vertx;
  private static KeyPair keys;
  private static JWTAuth signer;

  @BeforeAll
  static void keys() throws Exception {
    vertx = Vertx.vertx();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    signer =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm("RS256")
                        .setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  @Test
  void overTheConcurrencyCapIs503() throws Exception {
    try (FunctionTestServer runtime =
        FunctionTestServer.start(new CommandFunction(), Map.of("SKYLESS_MAX_CONCURRENCY", "2"))) {
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        slow.add(
            runtime
                .client()
                .sendAsync(
                    json(runtime, "{\"action\":\"sleep\",\"millis\":1500}"),
                    HttpResponse.BodyHandlers.ofString()));
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> runtime.runtime().lifecycle().inFlight() == 2);

      HttpResponse<String> third = runtime.post(ECHO, "content-type", "application/json");

      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(third.headers().firstValue("retry-after")).hasValue("1");
      assertThat(JSON.readTree(third.body()).get("detail").asText()).contains("limit of 2");
      for (var request : slow) {
        assertThat(request.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() throws Exception {
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of("SKYLESS_RATE_LIMIT_RPS", "0.5", "SKYLESS_RATE_LIMIT_BURST", "2"))) {
      assertThat(runtime.post(ECHO, "content-type", "application/json").statusCode())
          .isEqualTo(200);
      assertThat(runtime.post(ECHO, "content-type", "application/json").statusCode())
          .isEqualTo(200);

      HttpResponse<String> third = runtime.post(ECHO, "content-type", "application/json");

      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after"))
          .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
      assertThat(third.headers().firstValue("content-type")).hasValue("application/problem+json");
    }
  }

  @Test
  void drainingRefusesNewCallsWith503() throws Exception {
    try (FunctionTestServer runtime = FunctionTestServer.start(new CommandFunction(), Map.of())) {
      runtime.runtime().lifecycle().drain();

      HttpResponse<String> response = runtime.post(ECHO, "content-type", "application/json");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(runtime.get("/health/ready").statusCode()).isEqualTo(503);
      assertThat(runtime.get("/health/live").statusCode()).isEqualTo(200);
    }
  }

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("no token", null, 401),
        Arguments.of("not a bearer token", "Basic dXNlcjpwdw==", 401),
        Arguments.of("garbage token", "Bearer not.a.jwt", 401),
        Arguments.of(
            "wrong issuer", bearer("https://evil.test", "skyless", "orders:write", 60), 401),
        Arguments.of("wrong audience", bearer(ISSUER, "someone-else", "orders:write", 60), 401),
        Arguments.of("expired", bearer(ISSUER, "skyless", "orders:write", -3600), 401),
        Arguments.of("missing scope", bearer(ISSUER, "skyless", "orders:read", 60), 403),
        Arguments.of("valid", bearer(ISSUER, "skyless", "orders:read orders:write", 60), 200));
  }

  @ParameterizedTest(name = "public key file: {0} -> {2}")
  @MethodSource("tokens")
  void jwtWithAPublicKeyFile(String name, String authorization, int status, @TempDir Path dir)
      throws Exception {
    Path publicKey = publicKeyFile(dir);
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of(
                "SKYLESS_JWT_PUBLIC_KEY_FILE",
                publicKey.toString(),
                "SKYLESS_JWT_ISSUER",
                ISSUER,
                "SKYLESS_JWT_AUDIENCE",
                "skyless",
                "SKYLESS_JWT_REQUIRED_SCOPES",
                "orders:write"))) {
      assertAuth(runtime, authorization, status);
    }
  }

  @Test
  void jwtWithKeysFromAJwksUri() throws Exception {
    RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
    JsonObject jwk =
        new JsonObject()
            .put("kty", "RSA")
            .put("alg", "RS256")
            .put("use", "sig")
            .put("n", base64Url(publicKey.getModulus()))
            .put("e", base64Url(publicKey.getPublicExponent()));
    HttpServer jwks =
        LocalHttpServer.start(
            vertx,
            r -> r.response().end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode()));
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of(
                "SKYLESS_JWT_JWKS_URI",
                LocalHttpServer.url(jwks, "/.well-known/jwks.json"),
                "SKYLESS_JWT_ISSUER",
                ISSUER))) {
      assertAuth(runtime, bearer(ISSUER, "skyless", "", 60), 200);
      assertAuth(runtime, bearer("https://evil.test", "skyless", "", 60), 401);
      assertAuth(runtime, null, 401);
    } finally {
      jwks.close();
    }
  }

  /**
   * Knative's dispatchers send no user JWT: a delivery to a trigger path carrying the function's
   * trigger token is let in, nothing else is, and it is answered without a reply event (a Broker
   * would publish the reply back to itself).
   */
  @Test
  void triggerDeliveriesNeedTheTriggerTokenInsteadOfAJwt(@TempDir Path dir) throws Exception {
    Path publicKey = publicKeyFile(dir);
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of(
                "SKYLESS_JWT_PUBLIC_KEY_FILE",
                publicKey.toString(),
                "SKYLESS_TRIGGER_TOKEN",
                "s3cret-token"))) {
      var delivered = deliver(runtime, "/_skyless/triggers/orders?skyless-token=s3cret-token");
      assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(204);
      assertThat(delivered.body()).as("no reply event").isEmpty();
      assertThat(delivered.headers().firstValue("ce-type")).isEmpty();

      assertThat(deliver(runtime, "/_skyless/triggers/orders?skyless-token=guess").statusCode())
          .as("wrong token")
          .isEqualTo(403);
      assertThat(deliver(runtime, "/_skyless/triggers/orders").statusCode())
          .as("no token")
          .isEqualTo(403);
      assertThat(deliver(runtime, "/?skyless-token=s3cret-token").statusCode())
          .as("the token opens trigger paths only")
          .isEqualTo(401);
      assertThat(
              rawDelivery(
                  runtime,
                  "/_skyless/triggers/orders?skyless-token=s3cret-token",
                  "fn.shop.example.com"))
          .as("the token counts only on the cluster-local address, not the public one")
          .startsWith("HTTP/1.1 403");
      assertThat(
              rawDelivery(
                  runtime,
                  "/_skyless/triggers/orders?skyless-token=s3cret-token",
                  "fn.shop.svc.cluster.local"))
          .startsWith("HTTP/1.1 204");
      var user = bearer(ISSUER, "skyless", "orders:write", 60);
      var withJwt = runtime.post(ECHO, "content-type", "application/json", "authorization", user);
      assertThat(withJwt.statusCode()).as("a caller with a JWT gets the reply").isEqualTo(200);
      assertThat(
              rawDelivery(
                  runtime,
                  "/_skyless/triggers/orders",
                  "localhost",
                  "authorization: " + user + "\r\n"))
          .as("a user's JWT does not open a trigger path")
          .startsWith("HTTP/1.1 403");
    }
  }

  /**
   * Without JWT, a public route such as {@code /*} on the cluster's Gateway reaches the trigger
   * paths too; with a trigger token configured they still take only the platform's deliveries. An
   * {@code async-failure} delivery would otherwise let anyone report a call as failed.
   */
  @Test
  void withoutJwtTriggerPathsStillNeedTheTriggerToken() throws Exception {
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of("SKYLESS_TRIGGER_TOKEN", "s3cret-token", "SKYLESS_HTTP_ROUTES", "* /*"))) {
      for (String path :
          List.of(
              "/_skyless/triggers/orders",
              "/_skyless/triggers/async",
              "/_skyless/triggers/async-failure",
              "/_skyless/triggers/orders?skyless-token=guess")) {
        var refused = deliver(runtime, path);
        assertThat(refused.statusCode()).as(path).isEqualTo(403);
        assertThat(refused.headers().firstValue("content-type"))
            .contains("application/problem+json");
        assertThat(refused.body()).contains("trigger token");
      }
      assertThat(
              rawDelivery(
                  runtime,
                  "/_skyless/triggers/async-failure?skyless-token=s3cret-token",
                  "fn-public.shop.example.com",
                  ""))
          .as("the public address with the right token")
          .startsWith("HTTP/1.1 403");
      assertThat(deliver(runtime, "/_skyless/triggers/orders?skyless-token=s3cret-token"))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(204);
      assertThat(deliver(runtime, "/anything").statusCode())
          .as("the route /* itself is open")
          .isEqualTo(200);
    }
  }

  /** A delivery with a Host header of our choosing (the JDK client will not send one). */
  private static String rawDelivery(FunctionTestServer runtime, String pathAndQuery, String host)
      throws Exception {
    return rawDelivery(runtime, pathAndQuery, host, "");
  }

  private static String rawDelivery(
      FunctionTestServer runtime, String pathAndQuery, String host, String headers)
      throws Exception {
    var uri = runtime.uri("/");
    try (var socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      String request =
          "POST "
              + pathAndQuery
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\n"
              + headers
              + "ce-specversion: 1.0\r\nce-id: e-2\r\nce-source: /shop\r\n"
              + "ce-type: com.example.command\r\ncontent-type: application/json\r\n"
              + "connection: close\r\ncontent-length: "
              + ECHO.length()
              + "\r\n\r\n"
              + ECHO;
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static Path publicKeyFile(Path dir) throws Exception {
    Path publicKey = dir.resolve("key.pem");
    Files.writeString(publicKey, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    return publicKey;
  }

  private static HttpResponse<String> deliver(FunctionTestServer runtime, String pathAndQuery)
      throws Exception {
    var request =
        HttpRequest.newBuilder(runtime.uri(pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .header("ce-specversion", "1.0")
            .header("ce-id", "e-1")
            .header("ce-source", "/shop")
            .header("ce-type", "com.example.command")
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(ECHO))
            .build();
    return runtime.client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAuth(FunctionTestServer runtime, String authorization, int status)
      throws Exception {
    HttpResponse<String> response =
        authorization == null
            ? runtime.post(ECHO, "content-type", "application/json")
            : runtime.post(
                ECHO, "content-type", "application/json", "authorization", authorization);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (status == 401 || status == 403) {
      assertThat(response.headers().firstValue("www-authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(response.headers().firstValue("content-type"))
          .hasValue("application/problem+json");
    }
    assertThat(runtime.get("/health/ready").statusCode())
        .as("health is not behind auth")
        .isEqualTo(200);
  }

  private static String bearer(String issuer, String audience, String scope, int expiresIn) {
    JWTOptions options =
        new JWTOptions().setAlgorithm("RS256").setIssuer(issuer).setAudience(List.of(audience));
    JsonObject claims = new JsonObject().put("sub", "tester").put("scope", scope);
    long now = System.currentTimeMillis() / 1000;
    claims.put("exp", now + expiresIn).put("iat", now + Math.min(0, expiresIn) - 10);
    return "Bearer " + signer.generateToken(claims, options.setNoTimestamp(true));
  }

  private static HttpRequest json(FunctionTestServer runtime, String body) {
    return HttpRequest.newBuilder(runtime.uri("/"))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
