package dev.skyless.runtime.testing;

import dev.skyless.runtime.config.RuntimeEnv;
import dev.skyless.runtime.function.FunctionHandle;
import dev.skyless.runtime.main.SkylessRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a function on the real runtime inside a test: binds 127.0.0.1 on a free port and sends
 * requests with the JDK's HTTP client. For function authors' tests and the runtime's own.
 *
 * <pre>{@code
 * try (var server = FunctionTestServer.start(new PlaceOrder(), Map.of())) {
 *   HttpResponse<String> response = server.post(json, "content-type", "application/json");
 * }
 * }</pre>
 */
public final class FunctionTestServer implements AutoCloseable {

  private final SkylessRuntime runtime;
  // HTTP/1.1, as Knative's queue-proxy talks to the container; every request has a timeout, so a
  // stuck exchange fails the test instead of hanging the build.
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private FunctionTestServer(SkylessRuntime runtime) {
    this.runtime = runtime;
  }

  /** Starts {@code function} with the given environment on top of test defaults. */
  public static FunctionTestServer start(Object function, Map<String, String> env)
      throws Exception {
    Map<String, String> all = new HashMap<>();
    all.put("PORT", "0");
    all.put("SKYLESS_HOST", "127.0.0.1");
    all.put("SKYLESS_LOG_LEVEL", "warn");
    all.put("SKYLESS_SHUTDOWN_GRACE", "5s");
    all.putAll(env);
    return new FunctionTestServer(
        SkylessRuntime.start(RuntimeEnv.parse(all), FunctionHandle.of(function)));
  }

  public SkylessRuntime runtime() {
    return runtime;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + runtime.port() + path);
  }

  /** POSTs {@code body} to {@code /} with {@code headers} (name, value, name, value...). */
  public HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends {@code method} to {@code path} with {@code body} (none when null) and {@code headers}
   * (name, value, name, value...).
   */
  public HttpResponse<String> request(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpClient client() {
    return client;
  }

  @Override
  public void close() {
    runtime.close();
  }
}
