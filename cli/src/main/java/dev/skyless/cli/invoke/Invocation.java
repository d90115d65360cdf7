package dev.skyless.cli.invoke;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One call of a function over HTTP: plain JSON, or a CloudEvent in binary mode ({@code ce-*}
 * headers), as a KafkaSource or broker would send it.
 *
 * @param url the function's URL, with the path
 * @param body the request body
 * @param contentType its content type
 * @param cloudEventType the event type; null for a plain request
 * @param cloudEventSource the event source
 * @param headers extra headers
 * @param timeout how long to wait for the answer
 */
public record Invocation(
    URI url,
    byte[] body,
    String contentType,
    String cloudEventType,
    String cloudEventSource,
    Map<String, String> headers,
    Duration timeout) {

  /** Sends it and returns the response. */
  public HttpResponse<String> send() throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("content-type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    Map<String, String> all = new LinkedHashMap<>();
    if (cloudEventType != null) {
      all.put("ce-specversion", "1.0");
      all.put("ce-id", UUID.randomUUID().toString());
      all.put("ce-type", cloudEventType);
      all.put("ce-source", cloudEventSource);
    }
    all.putAll(headers);
    all.forEach(request::header);
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build()) {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
